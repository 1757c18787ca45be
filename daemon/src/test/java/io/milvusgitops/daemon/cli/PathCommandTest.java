package io.milvusgitops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathCommandTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Golden plans: the JSON of a few paths, checked in. A deliberate change to the planner updates
     * them with {@code ./mvnw -pl daemon test -Dtest=PathCommandTest -Dgolden.update=true}; review the diff.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "helm-cluster-2.1.4-to-2.6.15, --from 2.1.4 --to 2.6.15 --method helm --mode cluster --mq pulsar",
            "helm-cluster-2.2.3-to-2.2.16, --from 2.2.3 --to 2.2.16 --method helm --mode cluster --mq pulsar",
            "operator-cluster-2.5.12-to-2.6.15, --from 2.5.12 --to 2.6.15 --method operator --mode cluster --mq kafka",
            "compose-standalone-2.1.4-to-2.2.9, --from 2.1.4 --to 2.2.9 --method compose --mode standalone --mq rocksmq --minio minio/minio:RELEASE.2023-03-20T20-16-18Z",
            "helm-cluster-1.1.1-to-2.0.2, --from 1.1.1 --to 2.0.2 --method helm --mode cluster --mq pulsar",
            "helm-cluster-2.5.3-to-2.6.22, --from 2.5.3 --to 2.6.22 --method helm --mode cluster --mq pulsar --pulsar v2 --coordinators separate",
            "helm-standalone-2.5.16-to-2.6.22, --from 2.5.16 --to 2.6.22 --method helm --mode standalone --mq rocksmq",
            "compose-standalone-2.5.16-to-2.6.22, --from 2.5.16 --to 2.6.22 --method compose --mode standalone --mq rocksmq",
    })
    void matchesTheGoldenPlan(String name, String args) throws IOException {
        Cli r = Cli.run(("path " + args + " -o json").split(" "));
        assertThat(r.exit()).as(r.err()).isZero();
        Path golden = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
            Files.writeString(golden, r.out(), StandardCharsets.UTF_8);
        }
        assertThat(JSON.readTree(r.out())).as("plan %s against %s", name, golden).isEqualTo(JSON.readTree(golden.toFile()));
    }

    @Test
    void jsonHasTheDocumentedShape() throws IOException {
        Cli r = Cli.run("path", "--from", "2.5.16", "--to", "2.6.15", "--method", "helm", "--coordinators", "mixcoord", "-o", "json");
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.get("from").asText()).isEqualTo("2.5.16");
        assertThat(n.get("to").asText()).isEqualTo("2.6.15");
        assertThat(n.get("method").asText()).isEqualTo("helm");
        assertThat(n.get("mode").asText()).isEqualTo("cluster");
        JsonNode hop = n.get("hops").get(0);
        assertThat(hop.get("kind").asText()).isEqualTo("topology-change");
        assertThat(hop.get("downtime").asBoolean()).isTrue();
        assertThat(hop.get("chartVersion").asText()).isEqualTo("5.0.19");
        assertThat(hop.get("values").findValuesAsText("key")).contains("image.all.tag", "streaming.enabled", "indexNode.enabled");
        assertThat(hop.get("values").get(0).get("purpose").asText()).isEqualTo("image");
        assertThat(hop.get("steps").get(0).get("type").asText()).isEqualTo("check-healthy");
        assertThat(hop.get("steps").findValuesAsText("type")).contains("backup-metadata", "helm-upgrade", "verify-removed", "smoke-test");
    }

    @Test
    void onlyHelmHopsCarryAChartVersion() throws IOException {
        JsonNode n = JSON.readTree(Cli.run("path", "--from", "2.5.16", "--to", "2.6.15", "--method", "compose", "--mode", "standalone", "-o", "json").out());
        assertThat(n.get("hops").get(0).has("chartVersion")).isFalse();
    }

    @Test
    void printsAReadablePath() {
        Cli r = Cli.run("path", "--from", "2.1.4", "--to", "2.6.15", "--method", "helm");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("2.1.4 -> 2.6.15  helm/cluster/pulsar  3 hops, DOWNTIME")
                .contains("meta-migration  2.1.4 -> 2.5.16").contains("enable-mixcoord 2.5.16 -> 2.5.16").contains("topology-change 2.5.16 -> 2.6.15")
                .contains("--set mixCoordinator.enabled=true").contains("the hop's change")
                .contains("back up the Milvus metadata in etcd").contains("on failure:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "downgrade     | --from 2.5.16 --to 2.4.5 --method helm                              | downgrade from 2.5.16 to 2.4.5",
            "unknown       | --from 2.5.16 --to 2.5.99 --method helm                             | unknown Milvus version 2.5.99",
            "rc            | --from 2.6.0-rc1 --to 2.6.15 --method operator                      | release candidates",
            "rocksmq       | --from 2.4.5 --to 2.5.12 --method helm --mode standalone --no-downtime | RocksMQ",
            "milvusdm      | --from 2.0.2 --to 2.0.2 --method helm --mode cluster --from-mode standalone | MilvusDM cannot migrate",
            "compose-nd    | --from 2.4.5 --to 2.5.16 --method compose --mode standalone --no-downtime   | docker compose down",
            "rocksmq-cl    | --from 2.4.5 --to 2.5.16 --method helm --mode cluster --mq rocksmq       | RocksMQ runs only inside a standalone",
            "nats-2.6      | --from 2.5.16 --to 2.6.22 --method helm --mode standalone --mq natsmq   | NATS is gone from 2.6",
            "woodpecker    | --from 2.5.12 --to 2.5.16 --method helm --mq woodpecker                 | Woodpecker came with Milvus 2.6",
            "rc6           | --from 2.0.0-RC6 --to 2.0.0 --method helm                               | not compatible with earlier 2.0 release candidates",
            "compose-26    | --from 2.5.16 --to 2.6.22 --method compose --mode cluster              | no guide moves a Docker Compose cluster to 2.6",
            "to-3.0        | --from 2.6.20 --to 3.0.0 --method helm                                  | persistent data backups",
            "minio-2.2.5   | --from 2.2.4 --to 2.2.6 --method compose --mode standalone              | migrate MinIO by hand",
    })
    void exitsThreeWithTheReasonOnStderrWhenThePlannerRefuses(String name, String args, String reason) {
        Cli r = Cli.run(("path " + args.trim()).split("\\s+"));
        assertThat(r.exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(r.err()).startsWith("refused: ").contains(reason);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void refusalsInJsonCarryACodeAndTheReason() throws IOException {
        Cli r = Cli.run("path", "--from", "2.5.16", "--to", "2.4.5", "--method", "helm", "-o", "json");
        assertThat(r.exit()).isEqualTo(ExitCode.REFUSED);
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.get("refused").asText()).isEqualTo("downgrade");
        assertThat(n.get("reason").asText()).contains("2.4.5");
    }

    @Test
    void noDriftIsAnEmptyPathAndExitZero() {
        Cli r = Cli.run("path", "--from", "2.5.16", "--to", "2.5.16", "--method", "helm");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("nothing to do");
    }

    @Test
    void badArgumentsAreUsageErrorsThatSayWhatToWrite() {
        Cli r = Cli.run("path", "--from", "2.6", "--to", "2.6.15", "--method", "helm");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("'2.6' is not a version");
        Cli m = Cli.run("path", "--from", "2.5.16", "--to", "2.6.15", "--method", "kubectl");
        assertThat(m.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(m.err()).contains("helm, operator, compose");
    }

    /** Issue 18: 02.05.016 was read as 2.5.16. */
    @Test
    void aVersionWithLeadingZerosIsAUsageErrorThatSaysWhatToWrite() {
        Cli r = Cli.run("path", "--from", "2.5.12", "--to", "02.05.016", "--method", "helm");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("'02.05.016' is not a version").contains("leading zero").contains("write 2.5.16");
    }

    /** upgrade_milvus_cluster-helm.md v2.6.x on a cluster seen to run MixCoord: one hop; with --coordinators separate, MixCoord first. */
    @Test
    void theObservedLayoutDecidesTheMixCoordHop() {
        assertThat(Cli.run("path", "--from", "2.5.16", "--to", "2.6.22", "--method", "helm", "--coordinators", "mixcoord").out())
                .contains("1 hop,").doesNotContain("enable-mixcoord");
        assertThat(Cli.run("path", "--from", "2.5.16", "--to", "2.6.22", "--method", "helm", "--coordinators", "separate").out())
                .contains("2 hops").contains("enable-mixcoord 2.5.16 -> 2.5.16  (downtime)  chart zilliztech/milvus 4.2.58")
                .contains("this cluster runs the separate coordinators");
    }

    @ParameterizedTest
    @CsvSource({"path", "validate", "help", "catalog"})
    void everyCommandHasHelp(String command) {
        Cli r = Cli.run(command, "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage:");
    }

    @Test
    void theTopLevelHasHelpAndAVersion() {
        assertThat(Cli.run("--help").out()).contains("path").contains("validate");
        // The release version and the commit the build ran from (git describe of the checkout; "unknown" without Git).
        assertThat(Cli.run("--version").out().strip()).matches("milvus-gitops \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\)")
                .doesNotContain("dev");
    }
}
