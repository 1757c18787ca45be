package io.milvusgitops.daemon.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.git.DesiredState;
import io.milvusgitops.daemon.git.GitSource;
import io.milvusgitops.daemon.git.GitSourceSettings;
import io.milvusgitops.daemon.git.PollOutcome;
import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.reconcile.FleetReconciler;
import io.milvusgitops.daemon.reconcile.Pass;
import io.milvusgitops.daemon.reconcile.PlanCheck;
import io.milvusgitops.daemon.reconcile.RetryPolicy;
import io.milvusgitops.daemon.reconcile.TargetLanes;
import io.milvusgitops.daemon.reconcile.UpgradeExecutor;
import io.milvusgitops.daemon.runtime.Drivers;
import io.milvusgitops.daemon.runtime.Infrastructure;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.ObservedOnlyClusters;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.simulator.controllers.SimulatedKubelet;
import io.milvusgitops.simulator.kube.ApiServer;
import io.milvusgitops.simulator.kube.Cluster;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, on demand ({@code bin/bench}): a reconcile pass over 1,000 and over 10,000 Helm targets, all in sync,
 * observed through the daemon's watch-fed caches ({@code WatchedCluster}) on the emulated API server. The fleet is a
 * real repository read by {@code GitSource}; the cluster has {@value #NAMESPACES} namespaces (one environment each)
 * holding the targets' Milvus releases: {@value #TEMPLATES} real chart renders installed once by native Helm, made
 * ready by the simulated kubelet, then copied under new release names.
 *
 * <p>Per size: the first (cold) pass, which opens the informers, and the passes until every target is in sync; the
 * warm passes' time (median and worst of {@value #WARM_PASSES}); the API requests the warm passes made (goal 0); and the
 * daemon's heap after GC with warm caches: the heap after GC minus the same before the daemon's part was built (the
 * emulator shares this JVM and holds its own copy of every object).
 *
 * <p>What the emulator allocates after the "before" point still counts against the daemon: its per-connection state (one
 * connection per watch, about 60 KB each: about 18 MB at 1,000 targets, from a heap dump at the warm point). It once
 * counted far more: the JDK's HTTP server kept, per connection, a buffer twice the largest single write, and each
 * namespace's first lists were answered on the connections that then carried its watches (225 MB of the 379 MB
 * measured at 1,000 targets); the emulator now writes its answers in 4 KB slices ({@code ApiServer}).
 *
 * <p>Namespaces are fixed at {@value #NAMESPACES}: the daemon watches three kinds per namespace, and on the emulator
 * (HTTP/1.1: a connection per watch) 1,000 namespaces made the informers' first lists time out (see
 * docs/benchmarks.md).
 */
@Tag("bench")
class ReconcilePassBench {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    static final int NAMESPACES = 100;
    /** Releases installed by Helm in the template namespace; the others are copies of them. */
    static final int TEMPLATES = 10;
    static final int MAX_WARM_UP_PASSES = 10;
    static final int WARM_PASSES = 5;
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Map<String, String> VALUES = Map.of("cluster.enabled", "true", "mixCoordinator.enabled", "true",
            "rootCoordinator.enabled", "false", "queryCoordinator.enabled", "false", "dataCoordinator.enabled", "false");

    @TempDir
    Path tmp;

    @Test
    void warmPassesOverOneAndTenThousandTargets() throws Exception {
        Path out = Path.of("target/bench-reconcile-pass.txt");
        Files.writeString(out, "");
        line(out, String.format("%8s %11s %10s %7s %10s %10s %11s %9s %12s %10s", "targets", "namespaces", "cold pass", "passes",
                "warm p50", "warm worst", "per target", "requests", "daemon heap", "caches"));
        double worst = 0;
        for (int targets : List.of(1_000, 10_000)) {
            Result r = measure(targets);
            worst = Math.max(worst, r.warmMedianMillis / targets);
            line(out, String.format("%,8d %,11d %8.0fms %7d %8.0fms %8.0fms %9.3fms %9d %10.0fMB %,10d", targets, NAMESPACES, r.coldMillis,
                    r.passesToSync, r.warmMedianMillis, r.warmWorstMillis, r.warmMedianMillis / targets, r.warmRequests, r.heapBytes / 1e6,
                    r.cacheRequests));
        }
        line(out, String.format("one replica keeps up with a %ds interval up to about %,d targets (warm pass at %.3f ms a target, the "
                + "worse of the two sizes, assumed linear)", INTERVAL.toSeconds(), (long) (INTERVAL.toMillis() / worst), worst));
        line(out, "caches: the API requests of the first passes (lists, watches, reads while a watch opens)");
    }

    private static void line(Path out, String line) throws IOException {
        System.out.println(line);
        Files.writeString(out, line + "\n", StandardOpenOption.APPEND);
    }

    record Result(double coldMillis, int passesToSync, double warmMedianMillis, double warmWorstMillis, long warmRequests, long heapBytes,
                  long cacheRequests) {
    }

    private Result measure(int targets) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("n" + targets));
        try (EmulatedKube kube = new EmulatedKube()) {
            int copies = targets / NAMESPACES / TEMPLATES;
            populate(kube, copies);
            DesiredState desired = desired(dir, copies);
            long heapBefore = heapAfterGc();
            long requestsBefore = kube.api().requests();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(kube.api().url())
                    .withRequestRetryBackoffLimit(0).build()).build();
                 Drivers drivers = new Drivers(new Infrastructure(new ObservedOnlyClusters(client, etcd.client(), "an in-sync fleet never calls Helm"), (host, backups, clock, recheck) ->
                         TargetDriver.unavailable("no Docker host"), Optional::empty), dir.resolve("data"), Clock.systemUTC(),
                         Duration.ofSeconds(5), Optional.of(() -> { }));
                 TargetLanes lanes = TargetLanes.parallel(Duration.ofSeconds(60), () -> { })) {
                AuditLog audit = new AuditLog(dir.resolve("audit.jsonl"), Clock.systemUTC());
                PrometheusMetrics metrics = new PrometheusMetrics();
                FleetReconciler reconciler = new FleetReconciler(drivers::driver, t -> new UpgradeExecutor(drivers.store(t), drivers.driver(t),
                        PlanCheck.inForce(), audit, metrics, Clock.systemUTC(), Duration.ofMinutes(10), RetryPolicy.steps(3)),
                        drivers::store, new TargetStates(), metrics, Clock.systemUTC(), lanes);

                long t0 = System.nanoTime();
                int passes = 1;
                Map<TargetKey, Pass> first = reconciler.pass(desired, () -> true);
                double cold = (System.nanoTime() - t0) / 1e6;
                while (!inSync(first, targets)) {
                    if (++passes > MAX_WARM_UP_PASSES) throw new AssertionError("not in sync after " + MAX_WARM_UP_PASSES + " passes: "
                            + first.values().stream().filter(p -> !(p instanceof Pass.Idle i && i.why().equals("in sync"))).findFirst());
                    Thread.sleep(1_000);
                    first = reconciler.pass(desired, () -> true);
                }
                Thread.sleep(2_000); // the watches' initial events settle
                long requests = kube.api().requests();
                List<Double> warm = new ArrayList<>();
                for (int i = 0; i < WARM_PASSES; i++) {
                    long t = System.nanoTime();
                    Map<TargetKey, Pass> pass = reconciler.pass(desired, () -> true);
                    warm.add((System.nanoTime() - t) / 1e6);
                    if (!inSync(pass, targets)) throw new AssertionError("a warm pass saw a target out of sync");
                }
                long warmRequests = kube.api().requests() - requests;
                long heap = heapAfterGc() - heapBefore;
                Collections.sort(warm);
                return new Result(cold, passes, warm.get(warm.size() / 2), warm.get(warm.size() - 1), warmRequests, heap,
                        requests - requestsBefore);
            }
        }
    }

    /** Every target observed and in sync: a pass that measured anything else measured the wrong thing. */
    private static boolean inSync(Map<TargetKey, Pass> passes, int targets) {
        if (passes.size() != targets) throw new AssertionError(passes.size() + " targets passed, expected " + targets);
        return passes.values().stream().allMatch(p -> p instanceof Pass.Idle idle && idle.why().equals("in sync"));
    }

    /**
     * {@value #NAMESPACES} namespaces of {@code copies} x {@value #TEMPLATES} ready releases: {@value #TEMPLATES} installed by
     * native Helm in a template namespace and made ready by the simulated kubelet, then copied object by object, each
     * copy renamed (its Secret, ConfigMaps, Deployments and their labels) as Helm would have named it.
     */
    private static void populate(EmulatedKube kube, int copies) throws Exception {
        ApiServer api = kube.api();
        api.cluster().namespace("template");
        SimulatedKubelet kubelet = new SimulatedKubelet(api, "template", Clock.systemUTC(), d -> { }, Duration.ZERO,
                etcd.client().getKVClient(), "by-dev");
        for (int r = 0; r < TEMPLATES; r++) kube.helm().install("template", "m" + r, "zilliztech/milvus", "4.1.36", VALUES);
        kubelet.settle(Duration.ofSeconds(5), 6);
        List<ObjectNode> objects = new ArrayList<>();
        objects.addAll(api.cluster().list("v1", "Secret", "template", "owner=helm"));
        objects.addAll(api.cluster().list("v1", "ConfigMap", "template", ""));
        objects.addAll(api.cluster().list("apps/v1", "Deployment", "template", "app.kubernetes.io/name=milvus"));
        Map<String, long[]> sizes = new TreeMap<>();
        for (ObjectNode o : objects) {
            long[] kind = sizes.computeIfAbsent(o.path("kind").asText(), x -> new long[2]);
            kind[0]++;
            kind[1] += o.toString().length();
        }
        sizes.forEach((kind, n) -> System.out.printf("per %d releases: %d %ss, %,d bytes of JSON%n", TEMPLATES, n[0], kind, n[1]));
        for (int n = 0; n < NAMESPACES; n++) {
            String ns = namespace(n);
            api.cluster().namespace(ns);
            for (int k = 0; k < copies; k++) {
                for (ObjectNode o : objects) {
                    String json = o.toString();
                    for (int r = 0; r < TEMPLATES; r++) {
                        // Helm names every object of release mR "mR-..." and labels it mR; its Secret is sh.helm.release.v1.mR.vN.
                        json = json.replace("\"m" + r + "-", "\"" + release(r, k) + "-").replace("\"m" + r + "\"", "\"" + release(r, k) + "\"")
                                .replace(".m" + r + ".v", "." + release(r, k) + ".v");
                    }
                    ObjectNode copy = Cluster.parse(json);
                    ObjectNode md = (ObjectNode) copy.get("metadata");
                    md.put("namespace", ns);
                    for (String f : List.of("resourceVersion", "uid", "ownerReferences", "creationTimestamp", "managedFields")) md.remove(f);
                    api.cluster().create(copy);
                    if (copy.has("status") && copy.path("kind").asText().equals("Deployment")) {
                        api.cluster().updateStatus("apps/v1", "Deployment", ns, md.path("name").asText(), x -> {
                            x.set("status", copy.get("status").deepCopy());
                            return x;
                        });
                    }
                }
            }
        }
    }

    /** The fleet repository: one environment per namespace, every release a target at the version it runs (2.4.5). */
    private DesiredState desired(Path dir, int copies) throws Exception {
        Path files = Files.createDirectories(dir.resolve("fleet-files/environments"));
        Files.writeString(files.resolveSibling("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: bench\n");
        Files.writeString(files.resolveSibling("policy.yaml"), "");
        for (int n = 0; n < NAMESPACES; n++) {
            StringBuilder env = new StringBuilder("apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: " + namespace(n)
                    + "\nmilvusVersion: 2.4.5\ntargets:\n");
            for (int k = 0; k < copies; k++) {
                for (int r = 0; r < TEMPLATES; r++) {
                    env.append("  - name: ").append(release(r, k)).append("\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n")
                            .append("    kubernetes: {context: sim, namespace: ").append(namespace(n)).append(", release: ")
                            .append(release(r, k)).append("}\n");
                }
            }
            Files.writeString(files.resolve(namespace(n) + ".yaml"), env.toString());
        }
        try (FleetRepo repo = FleetRepo.create(Files.createDirectories(dir.resolve("git")), "fleet.git", files.getParent());
             GitSource source = new GitSource(GitSourceSettings.of(repo.fileUrl(), "main", dir.resolve("git-cache")), VersionCatalog.builtIn(),
                     Clock.systemUTC())) {
            PollOutcome outcome = source.poll();
            if (!(outcome instanceof PollOutcome.Applied)) throw new AssertionError("the fleet was not applied: " + outcome);
            return source.desired().orElseThrow();
        }
    }

    static String namespace(int n) {
        return String.format("ns-%04d", n);
    }

    /** Copy {@code k} of template release {@code r}. */
    static String release(int r, int k) {
        return "m" + r + "-" + k;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
