package io.milvusgitops.daemon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.testing.DaemonProcess;
import io.milvusgitops.daemon.testing.EmulatedCluster;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.GitServer;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.daemon.testing.ReferenceCharts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, on demand ({@code bin/bench}): from {@code git push} of a version bump to the daemon's first action for
 * the target (its {@code planned} audit line: the plan approved and its write-ahead record saved), with a GitHub
 * webhook sent right after the push, and with polling alone ({@code git.pollInterval} {@value #POLL_SECONDS}s). The
 * daemon runs as its own process against {@code git daemon}, the real etcd and an emulated cluster; each trial bumps
 * another environment (one release each, all at 2.4.5), and the next trial waits for the previous upgrade to end.
 */
@Tag("bench")
class CommitToActionBench {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    static final int TRIALS = 3;
    static final int POLL_SECONDS = 5;
    static final String SECRET = "bench-webhook-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void commitToFirstAction() throws Exception {
        etcd.clear("by-dev");
        Map<String, String> envs = new LinkedHashMap<>();
        for (int i = 0; i < TRIALS; i++) {
            envs.put("w" + i, "2.4.5");
            envs.put("p" + i, "2.4.5");
        }
        Path fleetFiles = Files.createDirectories(dir.resolve("fleet-files/environments"));
        Files.writeString(fleetFiles.resolveSibling("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: bench\n");
        Files.writeString(fleetFiles.resolveSibling("policy.yaml"), "");
        for (String env : envs.keySet()) Files.writeString(fleetFiles.resolve(env + ".yaml"), env(env, "2.4.5"));
        Path secret = dir.resolve("webhook-secret");
        Files.writeString(secret, SECRET);
        List<String> lines = new ArrayList<>();
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofMillis(300));
             FleetRepo repo = FleetRepo.create(dir.resolve("git"), "fleet.git", fleetFiles.getParent());
             GitServer git = GitServer.start(GitServer.Kind.GIT_DAEMON, dir.resolve("git"))) {
            for (String env : envs.keySet()) cluster.install(env, "milvus", "4.1.36");
            String config = """
                    git: {url: "%s", pollInterval: %ds}
                    webhooks: {github: {file: "%s"}}
                    dataDir: "%s"
                    http: {address: 127.0.0.1, port: %%PORT%%}
                    kubernetes: {kubeconfig: "%s"}
                    helm: {charts: "%s"}
                    clusters: {sim: {etcd: ["%s"]}}
                    reconcile: {interval: 30s, recheck: 1s, stepTimeout: 2m}
                    """.formatted(git.url("fleet.git"), POLL_SECONDS, secret, dir.resolve("data"), cluster.kubeconfig(dir),
                    ReferenceCharts.dir(), etcd.endpoint());
            try (DaemonProcess daemon = DaemonProcess.start(dir, "daemon", config, List.of())) {
                daemon.await("see the fleet in sync", d -> envs.keySet().stream().allMatch(e -> d.target(e + "/search").equals("in sync")),
                        Duration.ofSeconds(60));
                List<Double> webhook = new ArrayList<>();
                List<Double> polling = new ArrayList<>();
                for (int i = 0; i < TRIALS; i++) {
                    webhook.add(trial(repo, daemon, "w" + i, true));
                    polling.add(trial(repo, daemon, "p" + i, false));
                }
                lines.add(summary("with a webhook (goal: under 1 s)", webhook));
                lines.add(summary("polling alone, every " + POLL_SECONDS + " s", polling));
            }
        }
        String report = String.join("\n", lines) + "\n";
        System.out.println(report);
        Files.writeString(Path.of("target/bench-commit-to-action.txt"), report);
    }

    /** One bump of {@code env} to 2.5.16: seconds from just before the push to its {@code planned} line; then waits for the upgrade to end. */
    private double trial(FleetRepo repo, DaemonProcess daemon, String env, boolean webhook) throws Exception {
        Instant pushed = Instant.now();
        String commit = repo.commit(env + ": Milvus 2.5.16", Map.of("environments/" + env + ".yaml", env(env, "2.5.16")));
        if (webhook) {
            String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + commit + "\"}";
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port() + "/api/webhook"))
                    .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", "sha256=" + hmac(body)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) throw new AssertionError("the webhook was refused: " + r.statusCode() + " " + r.body());
        }
        Path audit = dir.resolve("data/audit.jsonl");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Optional<Instant> planned;
        while ((planned = at(audit, env + "/search", "planned")).isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError(env + " was never planned:\n" + daemon.tail());
            Thread.sleep(20);
        }
        double seconds = Duration.between(pushed, planned.get()).toNanos() / 1e9;
        daemon.await("finish the upgrade of " + env, d -> at(audit, env + "/search", "completed").isPresent(), Duration.ofSeconds(180));
        return seconds;
    }

    private static String summary(String what, List<Double> seconds) {
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        return String.format("commit to first action, %-32s median %.2f s, best %.2f s, worst %.2f s (%d trials)", what,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }

    /** When the audit log first says {@code event} of {@code target}, on the daemon's clock (the system clock). */
    private static Optional<Instant> at(Path audit, String target, String event) {
        try {
            if (!Files.exists(audit)) return Optional.empty();
            for (String line : Files.readAllLines(audit)) {
                if (line.isBlank()) continue;
                JsonNode n = JSON.readTree(line);
                if (n.path("target").asText().equals(target) && n.path("event").asText().equals(event)) {
                    return Optional.of(Instant.parse(n.path("at").asText()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a line being written: read again
        }
    }

    static String env(String name, String version) {
        return "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: " + name + "\nmilvusVersion: " + version + "\n"
                + "targets:\n  - name: search\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n"
                + "    kubernetes: {context: sim, namespace: " + name + ", release: milvus}\n";
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
