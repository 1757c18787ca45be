package io.milvusgitops.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.milvusgitops.daemon.cli.Main;
import io.milvusgitops.daemon.testing.DaemonProcess;
import io.milvusgitops.daemon.testing.EmulatedCluster;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.GitServer;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as a process, as it runs in production: against a real Git server ({@code git daemon}),
 * the real etcd, and an emulated cluster it reaches through a kubeconfig. Every assertion is on the
 * cluster's state, the Lease, the audit log or the daemon's own status API.
 */
class DaemonProcessTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Saturday 02:00 UTC: the prod window of {@link #POLICY} opens. */
    private static final Instant WINDOW_OPENS = Instant.parse("2026-11-28T02:00:00Z");
    private static final String POLICY = """
            apiVersion: milvus-gitops.io/v1
            kind: Policy
            environments:
              prod:
                maintenanceWindows:
                  - {schedule: "0 0 2 ? * SAT", duration: 4h, timeZone: UTC, appliesTo: all}
            """;

    @TempDir
    Path dir;

    @Test
    void aBumpIsAppliedToDevPromotedHeldForProdsWindowThenAppliedWhenTheClockEntersIt() throws Exception {
        etcd.clear("by-dev");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofMillis(500));
             FleetRepo repo = FleetRepo.create(dir.resolve("git"), "fleet.git", fleet(Map.of("dev", "2.4.5", "prod", "2.4.5")));
             GitServer git = GitServer.start(GitServer.Kind.GIT_DAEMON, dir.resolve("git"))) {
            cluster.install("dev", "milvus", "4.1.36");
            cluster.install("prod", "milvus", "4.1.36");
            // The daemon's clock starts 75 s before the window: time enough for dev and the promotion.
            try (DaemonProcess daemon = DaemonProcess.start(dir, "daemon", config(git.url("fleet.git"), cluster, "data", ""),
                    args("--clock-start", WINDOW_OPENS.minusSeconds(75).toString()))) {
                repo.commit("dev: Milvus 2.5.16", Map.of("environments/dev.yaml", env("dev", "2.5.16", null)));
                daemon.await("upgrade dev", d -> runs(cluster, "dev", "2.5.16") && d.target("dev/search").equals("in sync"), Duration.ofSeconds(60));

                Cli promote = cli("promote", "--repo", repo.work().toString(), "--from", "dev", "--to", "prod", "--push",
                        "--author", "Alice <alice@example.com>");
                assertThat(promote.exit).as(promote.err).isZero();
                daemon.await("hold prod for its window", d -> d.target("prod/search").contains("maintenance-window"), Duration.ofSeconds(30));
                assertThat(cluster.observe("prod", "milvus").version()).as("prod waits").contains(Version.parse("2.4.5"));
                assertThat(daemon.get("/metrics"))
                        .contains("milvus_gitops_policy_blocked{environment=\"prod\",rule=\"maintenance-window\",target=\"search\"} 1.0");

                daemon.await("upgrade prod once its window opens", d -> runs(cluster, "prod", "2.5.16") && d.target("prod/search").equals("in sync"),
                        Duration.ofSeconds(150));
                assertThat(Instant.parse(lastAudit(dir.resolve("data"), "prod/search", "planned").path("at").asText()))
                        .as("prod's plan started inside the window, on the daemon's clock").isAfterOrEqualTo(WINDOW_OPENS);
                assertThat(daemon.terminate()).as("SIGTERM stops the daemon in order").isIn(0, 143);
            }
        }
    }

    @Test
    void aDaemonKilledInTheMiddleOfAnUpgradeFinishesItAfterARestartWithEveryStepRunOnce() throws Exception {
        etcd.clear("by-dev");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofSeconds(2));
             FleetRepo repo = FleetRepo.create(dir.resolve("git"), "fleet.git", fleet(Map.of("dev", "2.4.5")));
             GitServer git = GitServer.start(GitServer.Kind.GIT_DAEMON, dir.resolve("git"))) {
            cluster.install("dev", "milvus", "4.1.36");
            String config = config(git.url("fleet.git"), cluster, "data", "");
            repo.commit("dev: Milvus 2.5.16", Map.of("environments/dev.yaml", env("dev", "2.5.16", null)));

            try (DaemonProcess first = DaemonProcess.start(dir, "first", config, args())) {
                first.await("get some steps into the upgrade", d -> stepsDone(dir.resolve("data")).size() >= 4, Duration.ofSeconds(60));
                JsonNode plan = first.plan("dev/search");
                assertThat(plan.path("phase").asText()).as("the status API shows the plan under way: " + plan).isEqualTo("running");
                assertThat(plan.path("from").asText() + " -> " + plan.path("to").asText()).isEqualTo("2.4.5 -> 2.5.16");
                first.kill();
            }
            assertThat(cluster.observe("dev", "milvus").version()).as("killed half way: the components run different versions").isEmpty();
            int doneBeforeTheKill = stepsDone(dir.resolve("data")).size();

            try (DaemonProcess second = DaemonProcess.start(dir, "second", config, args())) {
                second.await("finish the upgrade", d -> runs(cluster, "dev", "2.5.16") && d.target("dev/search").equals("in sync"),
                        Duration.ofSeconds(90));
            }
            List<String> steps = stepsDone(dir.resolve("data"));
            assertThat(steps).as("no step is recorded done twice").doesNotHaveDuplicates();
            assertThat(steps.size()).isGreaterThan(doneBeforeTheKill);
            Map<String, List<Integer>> byHop = new HashMap<>();
            for (String s : steps) {
                String[] k = s.split("#");
                byHop.computeIfAbsent(k[0], x -> new ArrayList<>()).add(Integer.parseInt(k[1]));
            }
            byHop.forEach((hop, indexes) -> assertThat(indexes).as("no step of " + hop + " is skipped")
                    .containsExactlyElementsOf(IntStream.range(0, indexes.size()).boxed().toList()));
            // Helm ran once for the hop (the release sync after the rolling stages): revision 1 is the install.
            assertThat(cluster.observe("dev", "milvus").helm().orElseThrow().revision()).isEqualTo(2);
        }
    }

    @Test
    void ofTwoDaemonsOnlyTheLeaseHolderActsAndTheOtherTakesOverWithinTheLeaseAfterAKill() throws Exception {
        etcd.clear("by-dev");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofMillis(500));
             FleetRepo repo = FleetRepo.create(dir.resolve("git"), "fleet.git", fleet(Map.of("dev", "2.4.5")));
             GitServer git = GitServer.start(GitServer.Kind.GIT_DAEMON, dir.resolve("git"))) {
            cluster.install("dev", "milvus", "4.1.36");
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName("milvus-gitops").endMetadata().build()).create();
            String election = "leaderElection: {context: sim, namespace: milvus-gitops, leaseDuration: 4s}\n";
            try (DaemonProcess a = DaemonProcess.start(dir, "a", config(git.url("fleet.git"), cluster, "data-a", election), args());
                 DaemonProcess b = DaemonProcess.start(dir, "b", config(git.url("fleet.git"), cluster, "data-b", election), args())) {
                a.await("see a leader", d -> d.leading() || b.leading(), Duration.ofSeconds(30));
                DaemonProcess leader = a.leading() ? a : b;
                DaemonProcess follower = leader == a ? b : a;
                Path followerData = dir.resolve(leader == a ? "data-b" : "data-a");
                assertThat(follower.leading()).isFalse();
                assertThat(holder(cluster)).isEqualTo(leader.identity());

                repo.commit("dev: Milvus 2.5.16", Map.of("environments/dev.yaml", env("dev", "2.5.16", null)));
                leader.await("upgrade dev", d -> runs(cluster, "dev", "2.5.16") && d.target("dev/search").equals("in sync"), Duration.ofSeconds(60));
                assertThat(Files.exists(followerData.resolve("audit.jsonl"))).as("the follower never acted").isFalse();

                Instant killed = Instant.now();
                leader.kill();
                follower.await("take over", DaemonProcess::leading, Duration.ofSeconds(15));
                assertThat(Duration.between(killed, Instant.now())).as("within the lease time and a renewal").isLessThan(Duration.ofSeconds(12));
                assertThat(holder(cluster)).isEqualTo(follower.identity());

                repo.commit("dev: Milvus 2.6.15", Map.of("environments/dev.yaml", env("dev", "2.6.15", null)));
                follower.await("act as the new leader: the 2.6 topology change",
                        d -> runs(cluster, "dev", "2.6.15") && d.target("dev/search").equals("in sync"), Duration.ofSeconds(90));
                assertThat(lastAudit(followerData, "dev/search", "completed").path("outcome").asText()).contains("2.6.15");
            }
        }
    }

    @Test
    void anEnvironmentOfHelmAndOperatorTargetsUpgradesTheCanaryFirstThenTheOthers() throws Exception {
        etcd.clear("by-dev");
        etcd.clear("recsys");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofMillis(500));
             FleetRepo repo = FleetRepo.create(dir.resolve("git"), "fleet.git", fleet(Map.of()));
             GitServer git = GitServer.start(GitServer.Kind.GIT_DAEMON, dir.resolve("git"))) {
            cluster.install("dev", "milvus", "4.1.36");
            cluster.createMilvus("vectors", "recsys", "cluster", "2.4.5", "kafka");
            repo.commit("dev: a Helm canary and an Operator target, in waves", Map.of("environments/dev.yaml", mixedEnv("2.4.5"), "policy.yaml", """
                    apiVersion: milvus-gitops.io/v1
                    kind: Policy
                    environments:
                      dev:
                        waves: {maxConcurrent: 2, canaryFirst: true}
                    """));
            try (DaemonProcess daemon = DaemonProcess.start(dir, "daemon", config(git.url("fleet.git"), cluster, "data", ""), args())) {
                daemon.await("see both in sync", d -> d.target("dev/search").equals("in sync") && d.target("dev/recsys").equals("in sync"),
                        Duration.ofSeconds(60));
                repo.commit("dev: Milvus 2.5.16", Map.of("environments/dev.yaml", mixedEnv("2.5.16")));
                daemon.await("upgrade both", d -> runs(cluster, "dev", "2.5.16") && operatorRuns(cluster, "2.5.16")
                        && d.target("dev/search").equals("in sync") && d.target("dev/recsys").equals("in sync"), Duration.ofSeconds(120));
            }
            Instant canaryDone = Instant.parse(lastAudit(dir.resolve("data"), "dev/search", "completed").path("at").asText());
            Instant operatorPlanned = Instant.parse(lastAudit(dir.resolve("data"), "dev/recsys", "planned").path("at").asText());
            assertThat(operatorPlanned).as("the Operator target waits for the canary").isAfterOrEqualTo(canaryDone);
            assertThat(cluster.milvus("vectors", "recsys").orElseThrow().resource().imageUpdateMode()).isEqualTo("rollingUpgrade");
        }
    }

    @Test
    void aDaemonKilledInTheMiddleOfAnOperatorMetaMigrationFinishesItWithOneMilvusUpgradeAndEveryStepOnce() throws Exception {
        etcd.clear("recsys");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofSeconds(1));
             FleetRepo repo = FleetRepo.create(dir.resolve("git"), "fleet.git", fleet(Map.of()));
             GitServer git = GitServer.start(GitServer.Kind.GIT_DAEMON, dir.resolve("git"))) {
            cluster.createMilvus("vectors", "recsys", "cluster", "2.1.4", "kafka");
            repo.commit("dev: Milvus 2.2.16 by a MilvusUpgrade", Map.of("environments/dev.yaml", operatorEnv("2.2.16")));
            String config = config(git.url("fleet.git"), cluster, "data", "");
            try (DaemonProcess first = DaemonProcess.start(dir, "first", config, args())) {
                first.await("create the MilvusUpgrade", d -> !cluster.api().cluster().list("milvus.io/v1beta1", "MilvusUpgrade", "vectors", "").isEmpty(),
                        Duration.ofSeconds(60));
                first.kill();
            }
            int doneBeforeTheKill = stepsDone(dir.resolve("data")).size();
            try (DaemonProcess second = DaemonProcess.start(dir, "second", config, args())) {
                second.await("finish the migration", d -> operatorRuns(cluster, "2.2.16") && d.target("dev/recsys").equals("in sync"),
                        Duration.ofSeconds(120));
            }
            List<String> steps = stepsDone(dir.resolve("data"));
            assertThat(steps).as("no step is recorded done twice").doesNotHaveDuplicates();
            assertThat(steps.size()).isGreaterThan(doneBeforeTheKill);
            assertThat(steps.stream().map(st -> Integer.parseInt(st.split("#")[1])).toList()).as("no step is skipped")
                    .containsExactlyElementsOf(IntStream.range(0, steps.size()).boxed().toList());
            assertThat(cluster.api().cluster().list("milvus.io/v1beta1", "MilvusUpgrade", "vectors", "")).as("one MilvusUpgrade").hasSize(1)
                    .allSatisfy(u -> assertThat(u.path("status").path("state").asText()).isEqualTo("Succeeded"));
        }
    }

    private static boolean operatorRuns(EmulatedCluster cluster, String version) {
        return cluster.milvus("vectors", "recsys").map(m -> m.version().equals(Optional.of(Version.parse(version)))
                && m.health().id().equals("Healthy")).orElse(false);
    }

    private static String mixedEnv(String version) {
        return env("dev", version, null).replace("    messageQueue: pulsar\n", "    messageQueue: pulsar\n    canary: true\n")
                + "  - name: recsys\n    method: operator\n    mode: cluster\n    messageQueue: kafka\n"
                + "    kubernetes: {context: sim, namespace: vectors, milvus: recsys}\n";
    }

    private static String operatorEnv(String version) {
        return "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: dev\nmilvusVersion: " + version + "\ntargets:\n"
                + "  - name: recsys\n    method: operator\n    mode: cluster\n    messageQueue: kafka\n"
                + "    kubernetes: {context: sim, namespace: vectors, milvus: recsys}\n";
    }

    // --- the fleet, the config, and what the tests read back

    private Path fleet(Map<String, String> versions) throws Exception {
        Path f = dir.resolve("fleet-src");
        Files.createDirectories(f.resolve("environments"));
        Files.writeString(f.resolve("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: e2e\n");
        Files.writeString(f.resolve("policy.yaml"), versions.containsKey("prod") ? POLICY : "");
        for (var e : versions.entrySet()) {
            Files.writeString(f.resolve("environments/" + e.getKey() + ".yaml"), env(e.getKey(), e.getValue(), e.getKey().equals("prod") ? "dev" : null));
        }
        return f;
    }

    static String env(String name, String version, String promoteFrom) {
        return "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: " + name + "\nmilvusVersion: " + version + "\n"
                + (promoteFrom == null ? "" : "promoteFrom: " + promoteFrom + "\n")
                + "targets:\n  - name: search\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n"
                + "    kubernetes: {context: sim, namespace: " + name + ", release: milvus}\n";
    }

    private String config(String gitUrl, EmulatedCluster cluster, String data, String extra) throws Exception {
        return cluster.daemonConfig(dir, gitUrl, dir.resolve(data), etcd.endpoint(), "") + extra;
    }

    private static List<String> args(String... more) {
        return List.of(more);
    }

    private static boolean runs(EmulatedCluster cluster, String namespace, String version) {
        var m = cluster.observe(namespace, "milvus");
        return m.version().equals(Optional.of(Version.parse(version))) && m.health().id().equals("Healthy");
    }

    /** "plan/hop/phase#stepIndex" of every step-done line of the audit log, in order. */
    private static List<String> stepsDone(Path data) {
        Path audit = data.resolve("audit.jsonl");
        if (!Files.exists(audit)) return List.of();
        List<String> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(audit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException torn) {
                continue; // the last line of a killed process may be torn
            }
            if (n.path("event").asText().equals("step-done")) {
                out.add(n.path("plan").asText() + "/" + n.path("hop").asText() + "/" + n.path("phase").asText() + "#" + n.path("stepIndex").asText());
            }
        }
        return out;
    }

    private static JsonNode lastAudit(Path data, String target, String event) throws Exception {
        JsonNode last = null;
        for (String line : Files.readAllLines(data.resolve("audit.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            if (n.path("target").asText().equals(target) && n.path("event").asText().equals(event)) last = n;
        }
        assertThat(last).as("an audit line '" + event + "' of " + target).isNotNull();
        return last;
    }

    private static String holder(EmulatedCluster cluster) {
        Lease lease = cluster.client().leases().inNamespace("milvus-gitops").withName("milvus-gitops").get();
        return lease == null ? "" : lease.getSpec().getHolderIdentity();
    }

    private record Cli(int exit, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(exit, out.toString(), err.toString());
    }
}
