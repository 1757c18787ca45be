package io.milvusgitops.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.fleet.FleetFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryFleetReaderTest {

    @Test
    void readsYamlFilesWithSlashPathsAndSkipsGitAndOtherFiles(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("environments"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("fleet.yaml"), "a: 1\n");
        Files.writeString(dir.resolve("environments/dev.yml"), "b: 2\n");
        Files.writeString(dir.resolve(".git/config.yaml"), "c: 3\n");
        Files.writeString(dir.resolve("README.md"), "# no\n");
        FleetFiles files = DirectoryFleetReader.read(dir);
        assertThat(files.files()).containsOnlyKeys("fleet.yaml", "environments/dev.yml");
        assertThat(files.unreadable()).isEmpty();
    }

    /** A 2 GiB sparse file is refused from its size: reading it would exhaust memory. */
    @Test
    void refusesAHugeFileWithoutReadingIt(@TempDir Path dir) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("huge.yaml").toFile(), "rw")) {
            f.setLength(2L << 30);
        }
        FleetFiles files = DirectoryFleetReader.read(dir);
        assertThat(files.files()).isEmpty();
        assertThat(files.unreadable()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("huge.yaml");
            assertThat(p.message()).contains("2147483648 bytes").contains("limit");
        });
    }

    @Test
    void refusesAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("bad.yaml"), new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28});
        assertThat(DirectoryFleetReader.read(dir).unreadable()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not UTF-8"));
    }

    @Test
    void doesNotFollowSymbolicLinksOutOfTheRepositoryAndSaysSo(@TempDir Path dir, @TempDir Path outside) throws IOException {
        Files.writeString(outside.resolve("secret.yaml"), "token: x\n");
        Files.createSymbolicLink(dir.resolve("link.yaml"), outside.resolve("secret.yaml"));
        Files.createSymbolicLink(dir.resolve("linkdir"), outside);
        FleetFiles files = DirectoryFleetReader.read(dir);
        assertThat(files.files()).isEmpty();
        assertThat(files.unreadable()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("link.yaml");
            assertThat(p.message()).contains("symbolic link");
        });
    }

    @Test
    void aFifoNamedLikeAFleetFileIsRefusedWithoutBeingOpened(@TempDir Path dir) throws Exception {
        assertThat(new ProcessBuilder("mkfifo", dir.resolve("fleet.yaml").toString()).start().waitFor()).isZero();
        FleetFiles files = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> DirectoryFleetReader.read(dir));
        assertThat(files.unreadable()).singleElement().satisfies(p -> assertThat(p.message()).contains("not a regular file"));
    }
}
