package io.milvusgitops.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.milvusgitops.daemon.kube.ConfigMapStateStore;
import io.milvusgitops.daemon.record.RecordJson;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.testing.DaemonProcess;
import io.milvusgitops.daemon.testing.EmulatedCluster;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.GitServer;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.kube.ApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, the leader losing its lease mid-step: while a step waits on a rollout, another holder takes the Lease.
 * The old leader must stop (no step of it after that), the replica that leads next resumes from the record, and
 * the upgrade ends with every step once across both replicas' audit logs.
 */
class LeaseLostMidStepTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aLeaderWhoseLeaseIsTakenMidStepStopsAndTheNextLeaderFinishesWithEveryStepOnce() throws Exception {
        etcd.clear("by-dev");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofSeconds(1));
             FleetRepo repo = FleetRepo.create(dir.resolve("git"), "fleet.git", fleet("2.4.5"));
             GitServer git = GitServer.start(GitServer.Kind.GIT_DAEMON, dir.resolve("git"))) {
            cluster.install("dev", "milvus", "4.1.36");
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("milvus-gitops").endMetadata().build()).create();
            AtomicBoolean held = new AtomicBoolean();
            cluster.api().intercept(new ApiServer.Interceptor() {
                @Override
                public void written(String method, String path, JsonNode stored) {
                    // The first wait for health starts: the cluster is held so that the step waits while the Lease changes hands.
                    JsonNode json = stored.path("data").path(ConfigMapStateStore.KEY);
                    if (!path.contains("/configmaps") || !json.isTextual() || held.get()) return;
                    try {
                        UpgradeRecord r = RecordJson.read(json.asText().getBytes(StandardCharsets.UTF_8));
                        if (r.stepStartedAt().isPresent() && r.hop().steps().get(r.stepIndex()).type().equals("wait-healthy")) {
                            held.set(true);
                            cluster.hold("milvus");
                        }
                    } catch (IOException e) {
                        // not a record
                    }
                }
            });
            String election = "leaderElection: {context: sim, namespace: milvus-gitops, leaseDuration: 4s}\n";
            try (DaemonProcess a = DaemonProcess.start(dir, "a", config(git, cluster, "data-a", election), List.of());
                 DaemonProcess b = DaemonProcess.start(dir, "b", config(git, cluster, "data-b", election), List.of())) {
                a.await("see a leader", d -> d.leading() || b.leading(), Duration.ofSeconds(30));
                DaemonProcess leader = a.leading() ? a : b;
                repo.commit("dev: Milvus 2.5.16", Map.of("environments/dev.yaml", env("2.5.16")));
                leader.await("wait on a rollout", d -> held.get() && d.target("dev/search").startsWith("waiting"), Duration.ofSeconds(60));

                steal(cluster);
                // Within its renew deadline; it may stand again once the other holder's Lease runs out without renewal.
                leader.await("stop leading", d -> !d.leading() && d.get("/metrics").contains("milvus_gitops_leader 0.0"), Duration.ofSeconds(10));
                cluster.release("milvus");

                a.await("finish under the next leader", d -> runs(cluster) && (a.target("dev/search").equals("in sync")
                        || b.target("dev/search").equals("in sync")), Duration.ofSeconds(120));
            }
            List<String> done = stepsDone();
            assertThat(done).as("every step once across both replicas").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, done.size()).mapToObj(i -> "0#" + i).toList());
            assertThat(cluster.observe("dev", "milvus").helm().orElseThrow().revision()).isEqualTo(2);
        }
    }

    /** Another holder takes the Lease, renewed now, as a replica the two do not know would. */
    private static void steal(EmulatedCluster cluster) {
        cluster.client().leases().inNamespace("milvus-gitops").withName("milvus-gitops").edit(l -> {
            l.getSpec().setHolderIdentity("a-replica-from-elsewhere");
            l.getSpec().setAcquireTime(ZonedDateTime.now(ZoneOffset.UTC));
            l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            return l;
        });
    }

    private List<String> stepsDone() {
        List<String> out = new ArrayList<>();
        for (String data : List.of("data-a", "data-b")) {
            Path audit = dir.resolve(data).resolve("audit.jsonl");
            try {
                if (!Files.exists(audit)) continue;
                for (String line : Files.readAllLines(audit)) {
                    JsonNode n = JSON.readTree(line);
                    if (n.path("event").asText().equals("step-done")) out.add(n.path("hop").asInt() + "#" + n.path("stepIndex").asInt());
                }
            } catch (IOException e) {
                throw new AssertionError("cannot read " + audit + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static boolean runs(EmulatedCluster cluster) {
        var m = cluster.observe("dev", "milvus");
        return m.version().equals(Optional.of(Version.parse("2.5.16"))) && m.health().id().equals("Healthy");
    }

    private static String env(String version) {
        return "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: dev\nmilvusVersion: " + version + "\ntargets:\n"
                + "  - name: search\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n"
                + "    kubernetes: {context: sim, namespace: dev, release: milvus}\n";
    }

    private Path fleet(String version) throws IOException {
        Path f = dir.resolve("fleet-src");
        Files.createDirectories(f.resolve("environments"));
        Files.writeString(f.resolve("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: lease\n");
        Files.writeString(f.resolve("policy.yaml"), "");
        Files.writeString(f.resolve("environments/dev.yaml"), env(version));
        return f;
    }

    private String config(GitServer git, EmulatedCluster cluster, String data, String extra) throws IOException {
        return cluster.daemonConfig(dir, git.url("fleet.git"), dir.resolve(data), etcd.endpoint(), "") + extra;
    }
}
