package io.milvusgitops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.testing.EmulatedCluster;
import io.milvusgitops.daemon.testing.RealEtcd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} and {@code plan} without a snapshot read the live clusters through the drivers, from a kubeconfig. */
class LiveCommandsTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @TempDir
    Path dir;

    @Test
    void statusAndPlanReadTheLiveClusterAndSayWhichTargetCannotBeRead() throws Exception {
        etcd.clear("by-dev");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofMillis(200))) {
            cluster.install("dev", "milvus", "4.1.36");
            cluster.install("staging", "milvus", "4.1.36");
            Path kubeconfig = cluster.kubeconfig(dir);
            Path fleet = fleet("fleet", false);

            Cli status = Cli.run("status", "--repo", fleet.toString(), "--kubeconfig", kubeconfig.toString());
            assertThat(status.exit()).as(status.err()).isEqualTo(StatusCommand.DRIFT);
            assertThat(status.out()).containsPattern("dev\\s+search\\s+helm\\s+2\\.5\\.16\\s+2\\.4\\.5\\s+Healthy\\s+OutOfSync")
                    .containsPattern("staging\\s+search\\s+helm\\s+2\\.4\\.5\\s+2\\.4\\.5\\s+Healthy\\s+Synced")
                    .as("the pipeline first, in promotion order").containsPattern("dev 2\\.5\\.16\\s+-> staging 2\\.4\\.5")
                    .as("human times").containsPattern("Status at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");

            Cli json = Cli.run("status", "--repo", fleet.toString(), "--kubeconfig", kubeconfig.toString(), "--env", "staging", "-o", "json");
            assertThat(json.exit()).isZero();
            JsonNode report = new ObjectMapper().readTree(json.out());
            assertThat(report.at("/targets/0/sync").asText()).isEqualTo("Synced");
            assertThat(report.get("targets")).as("--env staging: its targets only").hasSize(1);
            assertThat(report.at("/targets/0/target").asText()).isEqualTo("staging/search");
            assertThat(report.get("environments")).hasSize(1);
            assertThat(report.at("/environments/0/promotedFrom").asText()).isEqualTo("dev");

            Cli plan = Cli.run("plan", "--repo", fleet.toString(), "--kubeconfig", kubeconfig.toString());
            assertThat(plan.exit()).as(plan.out() + plan.err()).isEqualTo(PlanCommand.DRIFT_ALLOWED);
            assertThat(plan.out()).contains("2.4.5").contains("2.5.16");

            Path config = dir.resolve("daemon.yaml");
            Files.writeString(config, "git: {url: \"file:///nowhere\"}\ndataDir: \"" + dir.resolve("data") + "\"\n"
                    + "kubernetes: {kubeconfig: \"" + kubeconfig + "\"}\n");
            Cli viaConfig = Cli.run("status", "--repo", fleet.toString(), "--config", config.toString(), "--env", "staging");
            assertThat(viaConfig.exit()).as("the daemon config's kubeconfig: " + viaConfig.err()).isZero();
            Cli badConfig = Cli.run("status", "--repo", fleet.toString(), "--config", fleet.resolve("fleet.yaml").toString());
            assertThat(badConfig.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(badConfig.err()).contains("is not a valid config").contains("git");

            Cli both = Cli.run("plan", "--repo", fleet.toString(), "--live", "../examples/live-snapshot.yaml", "--kubeconfig", kubeconfig.toString());
            assertThat(both.exit()).as("a snapshot and the clusters are two answers to one question").isEqualTo(2);
            assertThat(both.err()).contains("--live").contains("--kubeconfig");

            Cli missing = Cli.run("status", "--repo", fleet.toString(), "--kubeconfig", dir.resolve("nope").toString());
            assertThat(missing.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(missing.out()).contains("kubeconfig " + dir.resolve("nope") + " does not exist");

            Path withUnreachable = fleet("fleet-unreachable", true);
            Cli unreachable = Cli.run("status", "--repo", withUnreachable.toString(), "--kubeconfig", kubeconfig.toString());
            assertThat(unreachable.exit()).as("a target that cannot be read is an error").isEqualTo(ExitCode.ERROR);
            assertThat(unreachable.out()).containsPattern("prod\\s+search\\s+helm\\s+2\\.4\\.5\\s+-\\s+Unknown\\s+Unknown\\s+.*elsewhere");
        }
    }

    private Path fleet(String name, boolean withUnreachableProd) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.resolve("environments"));
        Files.writeString(f.resolve("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: t\n");
        Files.writeString(f.resolve("policy.yaml"), "");
        Files.writeString(f.resolve("environments/dev.yaml"), env("dev", "2.5.16", null, "sim"));
        Files.writeString(f.resolve("environments/staging.yaml"), env("staging", "2.4.5", "dev", "sim"));
        if (withUnreachableProd) Files.writeString(f.resolve("environments/prod.yaml"), env("prod", "2.4.5", "staging", "elsewhere"));
        return f;
    }

    private static String env(String name, String version, String promoteFrom, String context) {
        return "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: " + name + "\nmilvusVersion: " + version + "\n"
                + (promoteFrom == null ? "" : "promoteFrom: " + promoteFrom + "\n")
                + "targets:\n  - name: search\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n"
                + "    kubernetes: {context: " + context + ", namespace: " + name + ", release: milvus}\n";
    }
}
