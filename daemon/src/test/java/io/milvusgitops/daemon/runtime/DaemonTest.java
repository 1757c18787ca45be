package io.milvusgitops.daemon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.RealEtcd;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole daemon, wired from a config file, following a real Git repository and serving HTTP. */
class DaemonTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void followsGitServesStatusAndReportsABadCommitWithoutLosingTheLastGoodState() throws Exception {
        try (FleetRepo repo = FleetRepo.create(dir, "fleet", edgeFleet())) {
            String first = repo.head();
            DaemonConfig config = ((DaemonConfigParser.Result.Valid) DaemonConfigParser.parse("daemon.yaml", """
                    git: {url: %s, pollInterval: 1s}
                    dataDir: %s
                    http: {address: 127.0.0.1, port: 0}
                    reconcile: {interval: 1s}
                    """.formatted(repo.fileUrl(), dir.resolve("data")))).config();
            try (Daemon daemon = new Daemon(config, Clock.systemUTC())) {
                daemon.start();
                int port = daemon.port();
                awaitBody(port, "/readyz", b -> true, 200);
                awaitBody(port, "/api/v1/status", b -> b.contains(first) && b.contains("search-edge"), 200);
                assertThat(get(port, "/metrics").body()).contains("milvus_gitops_git_");
                assertThat(awaitBody(port, "/", b -> b.contains("target-dev/search-edge"), 200)).as("the status page")
                        .contains("id=\"env-dev\"").contains("Git <b>2.6.14</b>");

                String bump = repo.commit("dev: 2.6.15", Map.of("environments/dev.yaml", dev("2.6.15")));
                awaitBody(port, "/api/v1/status", b -> b.contains(bump), 200);

                repo.commit("a broken edit", Map.of("environments/dev.yaml", "milvusVersion: [2.6.16\n"));
                String status = awaitBody(port, "/api/v1/status", b -> b.contains("rejected"), 200);
                assertThat(status).as("the last good commit stays the desired state").contains(bump).contains("dev.yaml");
                assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
                assertThat(get(port, "/metrics").body()).contains("milvus_gitops_desired_state_valid 0.0");
            }
        }
    }

    @Test
    void aDaemonThatCannotStartClosesWhatItOpenedSoThatTheNextStartSucceeds() throws Exception {
        try (FleetRepo repo = FleetRepo.create(dir, "fleet", edgeFleet()); ServerSocket taken = new ServerSocket(0)) {
            String yaml = """
                    git: {url: %s, pollInterval: 1s}
                    dataDir: %s
                    http: {address: 127.0.0.1, port: %d}
                    """;
            long threadsBefore = daemonThreads();
            DaemonConfig busy = ((DaemonConfigParser.Result.Valid) DaemonConfigParser.parse("daemon.yaml",
                    yaml.formatted(repo.fileUrl(), dir.resolve("data"), taken.getLocalPort()))).config();
            Assertions.assertThatThrownBy(() -> new Daemon(busy, Clock.systemUTC())).isInstanceOf(IOException.class);
            // Quartz's threads end shortly after its shutdown: give them a moment, never forever.
            for (int i = 0; i < 50 && daemonThreads() > threadsBefore; i++) Thread.sleep(100);
            assertThat(daemonThreads()).as("no thread of the failed daemon (Quartz's among them) is left").isEqualTo(threadsBefore);

            DaemonConfig free = ((DaemonConfigParser.Result.Valid) DaemonConfigParser.parse("daemon.yaml",
                    yaml.formatted(repo.fileUrl(), dir.resolve("data"), 0))).config();
            try (Daemon daemon = new Daemon(free, Clock.systemUTC())) {
                assertThat(daemon.once().toString()).as("the same data directory serves the next start").contains(repo.head());
            }
        }
    }

    /** Threads a daemon starts: its own, and Quartz's (named after the scheduler instance "milvus-gitops-<uuid>"). */
    private static long daemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("milvus-gitops-") || Set.of("reconcile", "git-poll", "notify").contains(n)).count();
    }

    @Test
    void twoReplicasElectOneLeaderThatAloneReconcilesAndHandOverOnShutdown() throws Exception {
        try (FleetRepo repo = FleetRepo.create(dir, "fleet", edgeFleet()); EmulatedKube kube = new EmulatedKube("milvus-gitops")) {
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: sim, cluster: {server: "%s"}}]
                    users: [{name: sim, user: {}}]
                    contexts: [{name: sim, context: {cluster: sim, user: sim}}]
                    current-context: sim
                    """.formatted(kube.client().getMasterUrl()));
            Daemon a = new Daemon(replica(repo, kubeconfig, "a"), Clock.systemUTC());
            a.start();
            awaitBody(a.port(), "/metrics", b -> b.contains("milvus_gitops_leader 1.0"), 200);
            try (Daemon b = new Daemon(replica(repo, kubeconfig, "b"), Clock.systemUTC())) {
                b.start();
                String head = repo.head();
                awaitBody(b.port(), "/api/v1/status", s -> s.contains(head), 200);
                Thread.sleep(2_000); // a few renewals: b must stay a follower
                String follower = get(b.port(), "/metrics").body();
                assertThat(follower).contains("milvus_gitops_leader 0.0").as("a follower never reconciles")
                        .doesNotContain("milvus_gitops_reconcile_seconds_count");
                assertThat(get(a.port(), "/metrics").body()).contains("milvus_gitops_reconcile_seconds_count");
                String holder = kube.client().leases().inNamespace("milvus-gitops").withName("milvus-gitops").get().getSpec().getHolderIdentity();
                assertThat(get(a.port(), "/api/v1/status").body()).contains("\"identity\" : \"" + holder + "\"");

                a.close();
                awaitBody(b.port(), "/metrics", m -> m.contains("milvus_gitops_leader 1.0") && m.contains("milvus_gitops_reconcile_seconds_count"), 200);
            }
        }
    }

    @Test
    void withoutKubernetesTwoReplicasElectOneLeaderOnAnEtcdLockThatAloneReconcilesAndHandOverOnShutdown() throws Exception {
        try (FleetRepo repo = FleetRepo.create(dir, "fleet", edgeFleet()); Daemon a = new Daemon(etcdReplica(repo, "a"), Clock.systemUTC())) {
            a.start();
            awaitBody(a.port(), "/metrics", m -> m.contains("milvus_gitops_leader 1.0"), 200);
            try (Daemon b = new Daemon(etcdReplica(repo, "b"), Clock.systemUTC())) {
                b.start();
                String head = repo.head();
                awaitBody(b.port(), "/api/v1/status", s -> s.contains(head), 200);
                Thread.sleep(2_000); // a few renewals and follower ticks: b must stay a follower
                String follower = get(b.port(), "/metrics").body();
                assertThat(follower).contains("milvus_gitops_leader 0.0").as("a follower never reconciles")
                        .doesNotContain("milvus_gitops_reconcile_seconds_count");
                assertThat(get(a.port(), "/metrics").body()).contains("milvus_gitops_reconcile_seconds_count");
                String holder = etcd.client().getKVClient().get(ByteSequence.from("/milvus-gitops/leader/milvus-gitops",
                        StandardCharsets.UTF_8)).get().getKvs().getFirst().getValue().toString(StandardCharsets.UTF_8);
                assertThat(get(a.port(), "/api/v1/status").body()).contains("\"identity\" : \"" + holder + "\"");
                assertThat(get(b.port(), "/api/v1/status").body()).as("the follower names the leader").contains("\"leader\" : \"" + holder + "\"");

                a.close(); // idle: resigns, so b takes over at once rather than after the lease (closing again at the end is a no-op)
                awaitBody(b.port(), "/metrics", m -> m.contains("milvus_gitops_leader 1.0") && m.contains("milvus_gitops_reconcile_seconds_count"), 200);
            }
        }
    }

    private DaemonConfig etcdReplica(FleetRepo repo, String name) {
        var r = DaemonConfigParser.parse("daemon.yaml", """
                git: {url: %s, pollInterval: 1s}
                leaderElection: {etcd: [%s], leaseDuration: 3s}
                dataDir: %s
                http: {address: 127.0.0.1, port: 0}
                reconcile: {interval: 1s}
                """.formatted(repo.fileUrl(), etcd.endpoint(), dir.resolve("data-" + name)));
        assertThat(r).as("%s", r).isInstanceOf(DaemonConfigParser.Result.Valid.class);
        return ((DaemonConfigParser.Result.Valid) r).config();
    }

    private DaemonConfig replica(FleetRepo repo, Path kubeconfig, String name) {
        var r = DaemonConfigParser.parse("daemon.yaml", """
                git: {url: %s, pollInterval: 1s}
                kubernetes: {kubeconfig: %s}
                leaderElection: {context: sim, namespace: milvus-gitops, leaseDuration: 3s}
                dataDir: %s
                http: {address: 127.0.0.1, port: 0}
                reconcile: {interval: 1s}
                """.formatted(repo.fileUrl(), kubeconfig, dir.resolve("data-" + name)));
        assertThat(r).as("%s", r).isInstanceOf(DaemonConfigParser.Result.Valid.class);
        return ((DaemonConfigParser.Result.Valid) r).config();
    }

    /** One environment with one Compose target: no cluster is needed to follow it. */
    private Path edgeFleet() throws IOException {
        Path fleet = dir.resolve("fleet");
        Files.createDirectories(fleet.resolve("environments"));
        Files.writeString(fleet.resolve("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: edge\npolicy: policy.yaml\n");
        Files.writeString(fleet.resolve("policy.yaml"), "");
        Files.writeString(fleet.resolve("environments/dev.yaml"), dev("2.6.14"));
        return fleet;
    }

    private static String dev(String version) {
        return """
                apiVersion: milvus-gitops.io/v1
                kind: Environment
                name: dev
                milvusVersion: %s
                targets:
                  - name: search-edge
                    method: compose
                    mode: standalone
                    messageQueue: rocksmq
                    compose: {dockerHost: "unix:///var/run/docker.sock", project: milvus}
                """.formatted(version);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String awaitBody(int port, String path, Predicate<String> ok, int status) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            last = get(port, path);
            if (last.statusCode() == status && ok.test(last.body())) return last.body();
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never answered as expected; last: " + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }
}
