package io.milvusgitops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.testing.FleetRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    /** The example fleet of the README, from the repository root. */
    static final Path EXAMPLE = Path.of("../examples/fleet");

    @Test
    void theExampleFleetIsValid() {
        Cli r = Cli.run("validate", EXAMPLE.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("valid: fleet search-platform, 3 environments, 6 targets");
        assertThat(r.out().indexOf("dev")).isLessThan(r.out().indexOf("staging"));
        assertThat(r.out().indexOf("staging ")).isLessThan(r.out().indexOf("prod "));
    }

    @Test
    void theExampleFleetAsJson() throws IOException {
        Cli r = Cli.run("validate", EXAMPLE.toString(), "-o", "json");
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertThat(n.get("valid").asBoolean()).isTrue();
        assertThat(n.at("/fleet/environments").findValuesAsText("name")).contains("dev", "staging", "prod", "search-prod", "edge-berlin");
    }

    @Test
    void anInvalidFleetListsEveryProblemAndExitsOne(@TempDir Path dir) throws IOException {
        copy(EXAMPLE, dir);
        Path prod = dir.resolve("environments/prod.yaml");
        Files.writeString(prod, Files.readString(prod).replace("method: helm", "method: helmm").replace("milvusVersion: 2.5.16", "milvusVersion: 2.5.99"));
        Cli r = Cli.run("validate", dir.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(r.out()).contains("environments/prod.yaml:5:16: milvusVersion: unknown Milvus version 2.5.99")
                .contains("environments/prod.yaml:11:13: targets[0].method: unknown value 'helmm' (did you mean 'helm'?)")
                .contains("invalid: 2 problems");
        Cli json = Cli.run("validate", dir.toString(), "-o", "json");
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertThat(n.get("valid").asBoolean()).isFalse();
        assertThat(n.get("problems")).hasSize(2);
        assertThat(n.get("problems").get(0).get("line").asInt()).isEqualTo(5);
    }

    @Test
    void aDirectoryThatDoesNotExistIsAClearError(@TempDir Path dir) {
        Cli r = Cli.run("validate", dir.resolve("nope").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("is not a directory").contains("fleet.yaml");
    }

    @Test
    void aDirectoryWithoutFleetYamlSaysSo(@TempDir Path dir) {
        Cli r = Cli.run("validate", dir.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(r.out()).contains("fleet.yaml: the repository has no fleet.yaml at its root");
    }

    static void copy(Path from, Path to) throws IOException {
        FleetRepo.copy(from, to);
    }
}
