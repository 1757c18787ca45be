package io.milvusgitops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.config.DaemonConfigParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void anInvalidConfigStopsTheStartUpWithEveryKeyToFix() throws Exception {
        Path config = dir.resolve("daemon.yaml");
        Files.writeString(config, "git: {branch: main}\nhttp: {port: -1}\n");
        Cli r = Cli.run("run", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("daemon.yaml").contains("git.url").contains("http.port").contains("Fix:");
    }

    @Test
    void aMissingConfigFileSaysWhatToWrite() {
        Cli r = Cli.run("run", "--config", dir.resolve("nope.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nope.yaml").contains("docs/config.md");
    }

    @Test
    void theExampleConfigIsValid() throws Exception {
        Path example = Path.of("../examples/daemon.yaml");
        assertThat(DaemonConfigParser.parse(example.toString(), Files.readString(example)))
                .isInstanceOf(DaemonConfigParser.Result.Valid.class);
    }
}
