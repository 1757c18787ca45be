package io.milvusgitops.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.milvusgitops.daemon.kube.ConfigMapStateStore;
import io.milvusgitops.daemon.record.RecordJson;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.testing.DaemonProcess;
import io.milvusgitops.daemon.testing.EmulatedCluster;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.GitServer;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.daemon.testing.SmallDisk;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.kube.ApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The world's faults of issue 18 that no other test had, each on the daemon as a process: the disk of the data
 * directory full during a backup, and the Kubernetes API answering 500, then not answering at all, in the middle of
 * an upgrade. Each time: the daemon stays up, keeps the last good state, loses nothing, says what is wrong in words,
 * and counts it where an alert looks (docs/faults.md has the table).
 */
class WorldFaultsTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TargetKey KEY = new TargetKey("dev", "search");

    @TempDir
    Path dir;

    @Test
    void aFullDataDirectoryDuringTheBackupStopsNothingLosesNothingAndSaysSoThenTheUpgradeGoesOn() throws Exception {
        etcd.clear("by-dev");
        // 400 KB of metadata: more than the backup finds room for once the disk is full.
        for (int i = 0; i < 400; i++) {
            etcd.client().getKVClient().put(bs("by-dev/meta/root-coord/collection/" + i), ByteSequence.from(new byte[1024])).get();
        }
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofSeconds(1));
             SmallDisk disk = SmallDisk.mount(dir.resolve("data"), 2048);
             FleetRepo repo = FleetRepo.create(dir.resolve("git"), "fleet.git", fleet("2.1.4"));
             GitServer git = GitServer.start(GitServer.Kind.GIT_DAEMON, dir.resolve("git"))) {
            cluster.install("dev", "milvus", "3.2.18", Map.of("cluster.enabled", "true"));
            AtomicBoolean filled = new AtomicBoolean();
            cluster.api().intercept(new ApiServer.Interceptor() {
                @Override
                public void written(String method, String path, JsonNode stored) {
                    // The write-ahead record of the backup step is stored: the disk fills up before the backup runs.
                    Optional<UpgradeRecord> r = record(path, stored);
                    if (r.isPresent() && r.get().stepStartedAt().isPresent() && r.get().stepIndex() == 1 && !filled.getAndSet(true)) {
                        try {
                            disk.fill();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });
            repo.commit("dev: Milvus 2.2.13", Map.of("environments/dev.yaml", env("2.2.13", "")));
            try (DaemonProcess daemon = DaemonProcess.start(dir, "daemon", config(git, cluster, disk.dir(), "maxRetries: 2"), List.of())) {
                daemon.await("say the disk is full", d -> d.target("dev/search").contains("No space left on device"), Duration.ofSeconds(90));
                String status = daemon.get("/api/v1/status");
                assertThat(status).as("in words").doesNotContain("Exception").doesNotContain("java.");
                assertThat(daemon.get("/healthz")).as("the daemon stays up").isNotEmpty();
                assertThat(runs(cluster, "2.1.4")).as("Milvus was never stopped: nothing of the hop changed it").isTrue();
                assertThat(manifests(disk.dir())).as("no half backup passes for one").isEmpty();
                assertThat(daemon.get("/metrics")).as("counted for MilvusGitopsStepsFailing")
                        .containsPattern("milvus_gitops_step_failures_total\\{environment=\"dev\",reason=\"backup\",target=\"search\"} [1-9]");

                disk.free();
                repo.commit("dev: Milvus 2.2.13, once more", Map.of("environments/dev.yaml", env("2.2.13", "# the disk has room again\n")));
                daemon.await("finish the upgrade once the disk has room", d -> runs(cluster, "2.2.13") && d.target("dev/search").equals("in sync"),
                        Duration.ofSeconds(150));
            }
            assertThat(manifests(disk.dir())).as("one backup").hasSize(1);
            assertThat(cluster.client().batch().v1().jobs().inNamespace("dev").list().getItems().stream()
                    .filter(j -> j.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().contains("meta-migration")))
                    .as("one migration").hasSize(1);
            List<String> done = stepsDone(disk.dir(), lastPlan(disk.dir()));
            assertThat(done).as("every step of the plan that ran, once, in order")
                    .containsExactly("0#0", "0#1", "0#2", "0#3", "0#4", "0#5", "0#6", "0#7");
        }
    }

    @Test
    void aKubernetesApiAnswering500ThenNotAnsweringIsWaitedOutAndTheUpgradeFinishesWithEveryStepOnce() throws Exception {
        etcd.clear("by-dev");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofSeconds(1));
             FleetRepo repo = FleetRepo.create(dir.resolve("git"), "fleet.git", fleet("2.4.5"));
             GitServer git = GitServer.start(GitServer.Kind.GIT_DAEMON, dir.resolve("git"))) {
            cluster.install("dev", "milvus", "4.1.36");
            Fault fault = new Fault();
            cluster.api().intercept(fault);
            repo.commit("dev: Milvus 2.5.16", Map.of("environments/dev.yaml", env("2.5.16", "")));
            try (DaemonProcess daemon = DaemonProcess.start(dir, "daemon", config(git, cluster, dir.resolve("data"), ""), List.of())) {
                daemon.await("get half way", d -> stepsDone(dir.resolve("data"), lastPlan(dir.resolve("data"))).size() >= 4, Duration.ofSeconds(60));

                fault.answer = 500;
                // The observation comes from watch-fed caches; the upgrade record is read from the API server, which refuses.
                daemon.await("say what the API answers", d -> d.target("dev/search").contains("the Kubernetes API answered 500"),
                        Duration.ofSeconds(30));
                JsonNode target = daemon.status().path("targets").path(0);
                assertThat(target.toString()).as("in words").doesNotContain("Exception").doesNotContain("io.fabric8").doesNotContain("java.");
                assertThat(daemon.get("/metrics")).as("counted for MilvusGitopsPassesFailing")
                        .containsPattern("milvus_gitops_pass_errors_total\\{environment=\"dev\",target=\"search\"} [1-9]");

                fault.answer = -1; // every request hangs: a timeout
                Thread.sleep(10_000);
                assertThat(daemon.get("/healthz")).as("the daemon answers while the cluster does not").isNotEmpty();
                assertThat(daemon.status().path("targets").size()).as("and its status too").isEqualTo(1);

                fault.answer = 0;
                daemon.await("finish the upgrade", d -> runs(cluster, "2.5.16") && d.target("dev/search").equals("in sync"), Duration.ofSeconds(180));
            }
            List<String> done = stepsDone(dir.resolve("data"), lastPlan(dir.resolve("data")));
            assertThat(done).as("no step done twice").doesNotHaveDuplicates();
            assertThat(done).as("none skipped").isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a.split("#")[1]),
                    Integer.parseInt(b.split("#")[1])));
            assertThat(Integer.parseInt(done.get(done.size() - 1).split("#")[1])).isEqualTo(done.size() - 1);
            assertThat(cluster.observe("dev", "milvus").helm().orElseThrow().revision()).as("Helm ran once").isEqualTo(2);
        }
    }

    /** The API server's answer while the test says so: 0 as usual, an error status, or -1 to hang until told otherwise. */
    private static final class Fault implements ApiServer.Interceptor {
        volatile int answer;

        @Override
        public int before(String method, String path) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (answer == -1 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 503;
                }
            }
            return Math.max(answer, 0);
        }
    }

    private static Optional<UpgradeRecord> record(String path, JsonNode stored) {
        if (!path.endsWith("/configmaps/" + ConfigMapStateStore.name(KEY)) && !path.endsWith("/configmaps")) return Optional.empty();
        JsonNode json = stored.path("data").path(ConfigMapStateStore.KEY);
        if (!json.isTextual()) return Optional.empty();
        try {
            return Optional.of(RecordJson.read(json.asText().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean runs(EmulatedCluster cluster, String version) {
        var m = cluster.observe("dev", "milvus");
        return m.version().equals(Optional.of(Version.parse(version))) && m.health().id().equals("Healthy");
    }

    private static List<Path> manifests(Path data) throws IOException {
        if (!Files.isDirectory(data.resolve("backups"))) return List.of();
        try (Stream<Path> files = Files.list(data.resolve("backups"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        }
    }

    private static List<JsonNode> audit(Path data) {
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!Files.exists(data.resolve("audit.jsonl"))) return out;
            for (String line : Files.readAllLines(data.resolve("audit.jsonl"))) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException torn) {
                    // a line torn by the full disk
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read the audit log: " + e.getMessage());
        }
        return out;
    }

    private static String lastPlan(Path data) {
        return audit(data).stream().filter(n -> n.path("event").asText().equals("planned")).reduce((a, b) -> b)
                .map(n -> n.path("plan").asText()).orElse("");
    }

    /** "hop#step" of the step-done lines of plan {@code plan}, in order. */
    private static List<String> stepsDone(Path data, String plan) {
        return audit(data).stream().filter(n -> n.path("event").asText().equals("step-done") && n.path("plan").asText().equals(plan))
                .map(n -> n.path("hop").asInt() + "#" + n.path("stepIndex").asInt()).toList();
    }

    private static ByteSequence bs(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static String env(String version, String comment) {
        return comment + "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: dev\nmilvusVersion: " + version + "\ntargets:\n"
                + "  - name: search\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n"
                + "    kubernetes: {context: sim, namespace: dev, release: milvus}\n";
    }

    private Path fleet(String version) throws IOException {
        Path f = dir.resolve("fleet-src");
        Files.createDirectories(f.resolve("environments"));
        Files.writeString(f.resolve("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: faults\n");
        Files.writeString(f.resolve("policy.yaml"), "");
        Files.writeString(f.resolve("environments/dev.yaml"), env(version, ""));
        return f;
    }

    private String config(GitServer git, EmulatedCluster cluster, Path data, String reconcile) throws IOException {
        return cluster.daemonConfig(dir, git.url("fleet.git"), data, etcd.endpoint(), reconcile);
    }
}
