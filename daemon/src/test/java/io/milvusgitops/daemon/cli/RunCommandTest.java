package io.milvusgitops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.testing.FleetRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
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

    @Test
    void onceOnTheEmbeddedDefaultFollowsTheExampleFleetAndReportsEveryTarget() throws Exception {
        Cli r = Cli.run("run", "--once", "--fleet", "../examples/fleet", "--port", "0", "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode status = new ObjectMapper().readTree(r.out());
        assertThat(status.at("/git/desiredStateValid").asBoolean()).isTrue();
        assertThat(status.at("/git/commit").asText()).hasSize(40);
        assertThat(status.at("/leader/leading").asBoolean()).isTrue();
        assertThat(status.get("targets").size()).as("the example fleet has 6 targets").isEqualTo(6);
        JsonNode edge = null;
        for (JsonNode t : status.get("targets")) if (t.path("target").asText().equals("prod/edge-berlin")) edge = t;
        assertThat(edge).as("prod/edge-berlin is reported").isNotNull();
        // No Docker host here: its live state is unknown; a Docker Engine without the project: it is not found (drift).
        if (edge.path("sync").asText().equals("Unknown")) {
            assertThat(edge.path("lastPass").asText()).contains("live state unknown");
        } else {
            assertThat(edge.path("sync").asText()).isEqualTo("OutOfSync");
            assertThat(edge.path("health").asText()).isEqualTo("Missing");
            assertThat(edge.path("lastPass").asText()).contains("not found where the fleet says it runs");
        }
    }

    @Test
    void onceOnABrokenFleetExitsOneAndNamesTheFile() throws Exception {
        Path fleet = dir.resolve("fleet");
        Files.createDirectories(fleet.resolve("environments"));
        Files.writeString(fleet.resolve("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: x\n");
        Files.writeString(fleet.resolve("environments/dev.yaml"), "milvusVersion: [2.6\n");
        Cli r = Cli.run("run", "--once", "--fleet", fleet.toString(), "--port", "0", "--data-dir", dir.resolve("data").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(r.out()).at("/git/rejected").asText()).contains("environments/dev.yaml");
    }

    @Test
    void aFleetDirectoryThatIsItselfARepositoryKeepsItsGitOutOfTheEmbeddedOne() throws Exception {
        Path fleet = dir.resolve("checkout");
        FleetRepo.copy(Path.of("../examples/fleet"), fleet);
        try (var git = Git.init().setDirectory(fleet.toFile()).setInitialBranch("feature").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("their history").setAuthor("A", "a@example.com").setCommitter("A", "a@example.com").setSign(false).call();
        }
        Cli r = Cli.run("run", "--once", "--fleet", fleet.toString(), "--port", "0", "--data-dir", dir.resolve("data").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).at("/git/desiredStateValid").asBoolean()).isTrue();
        assertThat(dir.resolve("data/embedded-fleet/.git/refs/heads/main")).exists();
    }

    @Test
    void theEmbeddedDefaultNeedsAFleetDirectory() {
        Cli r = Cli.run("run", "--once", "--fleet", dir.toString(), "--port", "0", "--data-dir", dir.resolve("data").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no fleet.yaml").contains("--fleet DIR");
    }
}
