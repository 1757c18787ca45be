package io.milvusgitops.daemon.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.runtime.Daemon;
import io.milvusgitops.daemon.testing.ComposeProject;
import io.milvusgitops.daemon.testing.DockerEngine;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.policy.fleet.TargetKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's "done when": the Compose target of examples/fleet (edge-berlin), pointed at a real Compose
 * project on the real Docker Engine, is reconciled by the whole daemon (Git, plan, policy, executor,
 * driver) until its container runs the version Git asks for, and the Compose file says so too.
 */
class ComposeDaemonTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void images() {
        ComposeHarness.images("2.5.14", "2.5.16");
    }

    @Test
    void theExampleFleetsComposeTargetIsReconciledByTheDaemon() throws Exception {
        try (ComposeProject project = ComposeProject.standalone(tmp, "mgt-daemon", "2.5.14").up()) {
            project.awaitHealthy(Duration.ofSeconds(60));
            Path fleet = tmp.resolve("fleet");
            Files.createDirectories(fleet.resolve("environments"));
            Files.writeString(fleet.resolve("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: edge\n");
            Files.writeString(fleet.resolve("policy.yaml"), "");
            Files.writeString(fleet.resolve("environments/prod.yaml"), exampleEdgeTarget(project));
            try (FleetRepo repo = FleetRepo.create(tmp.resolve("git"), "fleet.git", fleet)) {
                DaemonConfig config = ((DaemonConfigParser.Result.Valid) DaemonConfigParser.parse("daemon.yaml", """
                        git: {url: "%s", pollInterval: 1s}
                        dataDir: "%s"
                        http: {address: 127.0.0.1, port: 0}
                        reconcile: {interval: 1s, recheck: 1s}
                        """.formatted(repo.fileUrl(), tmp.resolve("data")))).config();
                try (Daemon daemon = new Daemon(config, Clock.systemUTC())) {
                    daemon.start();
                    Instant deadline = Instant.now().plusSeconds(120);
                    while (!image(project).equals("milvusdb/milvus:v2.5.16") || !inSync(daemon)) {
                        if (Instant.now().isAfter(deadline)) throw new AssertionError("not reconciled: " + daemon.status());
                        Thread.sleep(250);
                    }
                }
            }
            assertThat(Files.readString(project.file())).contains("milvusdb/milvus:v2.5.16").doesNotContain("v2.5.14");
            assertThat(Files.readString(tmp.resolve("data/audit.jsonl"))).contains("\"event\":\"completed\"").contains("prod/edge-berlin");
        }
    }

    /** The edge-berlin target exactly as examples/fleet writes it, with its Docker host, project and file pointed at the test's. */
    private static String exampleEdgeTarget(ComposeProject project) throws Exception {
        String prod = Files.readString(Path.of("../examples/fleet/environments/prod.yaml"));
        Matcher m = Pattern.compile("(?ms)^  - name: edge-berlin\\n.*?(?=^  - |\\z)").matcher(prod);
        assertThat(m.find()).as("examples/fleet has the edge-berlin Compose target").isTrue();
        String target = m.group()
                .replaceFirst("dockerHost: \\S+", "dockerHost: " + DockerEngine.HOST)
                .replaceFirst("project: \\S+", "project: " + project.name())
                .replaceFirst("composeFile: \\S+", "composeFile: " + project.file());
        return "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: prod\nmilvusVersion: 2.5.16\n\ntargets:\n" + target;
    }

    private static String image(ComposeProject project) {
        return project.containers().values().stream().filter(c -> c.getConfig().getImage().startsWith("milvusdb/milvus:"))
                .map(c -> c.getConfig().getImage()).findFirst().orElse("");
    }

    private static boolean inSync(Daemon daemon) {
        return daemon.status().target(new TargetKey("prod", "edge-berlin")).map(t -> t.lastPass().equals("in sync")).orElse(false);
    }
}
