package io.milvusgitops.daemon.testing;

import io.etcd.jetcd.KV;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.helm.HelmObserver;
import io.milvusgitops.daemon.helm.ObservedRelease;
import io.milvusgitops.daemon.simulation.KubeEmulator;
import io.milvusgitops.daemon.simulation.RenderingHelm;
import io.milvusgitops.daemon.simulation.SimulatedKubelet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One emulated cluster for a daemon in another process: the API server (reached through a kubeconfig
 * this class writes, context {@code sim}), a simulated kubelet per namespace ticking on the real clock
 * every 250 ms, and Milvus releases installed from the real charts.
 */
public final class EmulatedCluster implements AutoCloseable {

    public static final String CONTEXT = "sim";
    /** The chart values of a Milvus cluster with one MixCoord, as the 2.4/2.5 guides install it. */
    public static final Map<String, String> CLUSTER = Map.of("cluster.enabled", "true", "mixCoordinator.enabled", "true",
            "rootCoordinator.enabled", "false", "queryCoordinator.enabled", "false", "dataCoordinator.enabled", "false");

    private final KubeEmulator kube = new KubeEmulator();
    private final RenderingHelm helm = new RenderingHelm(kube.client(), ReferenceCharts.archives());
    private final Map<String, SimulatedKubelet> kubelets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final KV etcd;
    private final Duration rolloutTime;

    public EmulatedCluster(KV etcd, Duration rolloutTime) {
        this.etcd = etcd;
        this.rolloutTime = rolloutTime;
        ticker.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Installs {@code release} of chart {@code chartVersion} in {@code namespace} and waits until it is ready. */
    public void install(String namespace, String release, String chartVersion) throws Exception {
        kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        helm.install(namespace, release, "zilliztech/milvus", chartVersion, CLUSTER);
        kubelets.put(namespace, new SimulatedKubelet(kube, namespace, Clock.systemUTC(), d -> { }, rolloutTime, etcd, "by-dev"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!observe(namespace, release).health().id().equals("Healthy")) {
            if (System.nanoTime() > deadline) throw new AssertionError(release + " in " + namespace + " never became ready");
            Thread.sleep(100);
        }
    }

    private void tick() {
        for (SimulatedKubelet k : kubelets.values()) {
            try {
                k.tick(Duration.ZERO);
            } catch (Exception e) {
                // The next tick tries again, as a kubelet would.
            }
        }
    }

    /** Stops the simulated kubelet: nothing in the cluster changes any more unless the test changes it. */
    public void stopKubelet() {
        ticker.shutdownNow();
    }

    public ObservedRelease observe(String namespace, String release) {
        try {
            return new HelmObserver(kube.client()).observe(namespace, release);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KubernetesClient client() {
        return kube.client();
    }

    /** A kubeconfig whose context {@code sim} is this emulator. */
    public Path kubeconfig(Path dir) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: sim
                    cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                  - name: sim
                    user: {token: emulator}
                contexts:
                  - name: sim
                    context: {cluster: sim, user: sim}
                current-context: sim
                """.formatted(kube.client().getMasterUrl()));
        return file;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        kube.close();
    }
}
