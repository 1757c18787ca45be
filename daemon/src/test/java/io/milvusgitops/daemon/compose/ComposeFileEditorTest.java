package io.milvusgitops.daemon.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the Milvus image tags change; every other byte of the Compose file stays. */
class ComposeFileEditorTest {

    static final String FILE = """
            version: '3.5'

            # Milvus standalone, as in milvus-standalone-docker-compose.yml
            services:
              etcd:
                container_name: milvus-etcd
                image: quay.io/coreos/etcd:v3.5.5   # etcd keeps its own tag
                environment:
                  - ETCD_AUTO_COMPACTION_MODE=revision

              standalone:
                container_name: milvus-standalone
                image: "milvusdb/milvus:v2.2.9"     # pinned by the edge team
                command: ["milvus", "run", "standalone"]
                labels:
                  - "note=image: milvusdb/milvus:v2.2.9 is only text here"
              proxy:
                image: docker.io/milvusdb/milvus:v2.2.9
              attu:
                image: zilliz/attu:v2.2.6
              mirror:
                image: ${MILVUS_IMAGE:-milvusdb/milvus:v2.2.9}
            """;

    @Test
    void rewritesOnlyTheMilvusImageTagsAndKeepsCommentsQuotesAndOtherImages() {
        ComposeFileEditor.Edit e = ComposeFileEditor.rewrite(FILE, "milvusdb/milvus:v2.2.16");
        assertThat(e.changed()).isEqualTo(2);
        assertThat(e.text()).isEqualTo(FILE
                .replace("image: \"milvusdb/milvus:v2.2.9\"     # pinned", "image: \"milvusdb/milvus:v2.2.16\"     # pinned")
                .replace("image: docker.io/milvusdb/milvus:v2.2.9", "image: docker.io/milvusdb/milvus:v2.2.16"));
        assertThat(e.skipped()).containsExactly("image: ${MILVUS_IMAGE:-milvusdb/milvus:v2.2.9}");
    }

    @Test
    void aSecondRewriteChangesNothing() {
        String once = ComposeFileEditor.rewrite(FILE, "milvusdb/milvus:v2.2.16").text();
        ComposeFileEditor.Edit twice = ComposeFileEditor.rewrite(once, "milvusdb/milvus:v2.2.16");
        assertThat(twice.changed()).isZero();
        assertThat(twice.text()).isEqualTo(once);
    }

    @Test
    void keepsWindowsLineEndingsAndAMissingFinalNewline() {
        String crlf = "services:\r\n  standalone:\r\n    image: milvusdb/milvus:v2.1.4\r\n    restart: always";
        assertThat(ComposeFileEditor.rewrite(crlf, "milvusdb/milvus:v2.2.9").text())
                .isEqualTo("services:\r\n  standalone:\r\n    image: milvusdb/milvus:v2.2.9\r\n    restart: always");
    }

    @Test
    void writesInPlaceKeepingThePermissionsAndWritesNothingWhenNothingChanges(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("docker-compose.yml"), FILE);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        ComposeFileEditor.apply(f, "milvusdb/milvus:v2.2.16");
        assertThat(Files.readString(f)).contains("\"milvusdb/milvus:v2.2.16\"").contains("quay.io/coreos/etcd:v3.5.5");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
        var modified = Files.getLastModifiedTime(f);
        Thread.sleep(20);
        assertThat(ComposeFileEditor.apply(f, "milvusdb/milvus:v2.2.16").changed()).isZero();
        assertThat(Files.getLastModifiedTime(f)).isEqualTo(modified);
        try (var files = Files.list(tmp)) {
            assertThat(files).as("no temporary file left").containsExactly(f);
        }
    }

    @Test
    void aComposeFileThatLeadsElsewhereIsResolvedThenRefused(@TempDir Path tmp) throws Exception {
        Path victim = Files.writeString(tmp.resolve("crontab"), "image: milvusdb/milvus:v2.5.16\n");
        Path link = Files.createSymbolicLink(tmp.resolve("docker-compose.yml"), victim);
        assertThatThrownBy(() -> ComposeFileEditor.apply(link, "milvusdb/milvus:v2.5.17")).hasMessageContaining("not a .yml or .yaml file");
        assertThat(Files.readString(victim)).as("untouched").contains("v2.5.16");
        Path fifo = tmp.resolve("fifo.yml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> ComposeFileEditor.apply(fifo, "milvusdb/milvus:v2.5.17")).hasMessageContaining("not a regular file");
    }
}
