package io.milvusgitops.daemon.testing;

import io.etcd.jetcd.KV;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.helm.HelmObserver;
import io.milvusgitops.daemon.helm.ObservedRelease;
import io.milvusgitops.daemon.kube.KubeReads;
import io.milvusgitops.daemon.operator.ObservedMilvus;
import io.milvusgitops.daemon.operator.OperatorObserver;
import io.milvusgitops.simulator.controllers.MilvusMetadata;
import io.milvusgitops.simulator.controllers.SimulatedKubelet;
import io.milvusgitops.simulator.controllers.SimulatedOperator;
import io.milvusgitops.simulator.kube.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One emulated cluster for a daemon in another process: the API server (reached through a kubeconfig this
 * class writes, context {@code sim}), a simulated kubelet per namespace ticking on the real clock every 250 ms,
 * Milvus releases installed from the real charts by native Helm, and Milvus resources run by a simulated Milvus
 * Operator.
 */
public final class EmulatedCluster implements AutoCloseable {

    public static final String CONTEXT = EmulatedKube.CONTEXT;
    /** The chart values of a Milvus cluster with one MixCoord, as the 2.4/2.5 guides install it. */
    public static final Map<String, String> CLUSTER = Map.of("cluster.enabled", "true", "mixCoordinator.enabled", "true",
            "rootCoordinator.enabled", "false", "queryCoordinator.enabled", "false", "dataCoordinator.enabled", "false");

    private final EmulatedKube kube = new EmulatedKube();
    private final Map<String, SimulatedKubelet> kubelets = new ConcurrentHashMap<>();
    private volatile SimulatedOperator operator;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final KV etcd;
    private final Duration rolloutTime;
    private volatile boolean paused;

    public EmulatedCluster(KV etcd, Duration rolloutTime) {
        this.etcd = etcd;
        this.rolloutTime = rolloutTime;
        ticker.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
    }

    /** Installs {@code release} of chart {@code chartVersion} in {@code namespace} and waits until it is ready. */
    public void install(String namespace, String release, String chartVersion) throws Exception {
        install(namespace, release, chartVersion, CLUSTER);
    }

    /** The same with the chart values {@code values} (a standalone, the separate coordinators, an older chart's keys). */
    public void install(String namespace, String release, String chartVersion, Map<String, String> values) throws Exception {
        kube.api().cluster().namespace(namespace);
        kube.helm().install(namespace, release, "zilliztech/milvus", chartVersion, values);
        kubelets.put(namespace, new SimulatedKubelet(kube.api(), namespace, Clock.systemUTC(), d -> { }, rolloutTime, etcd, "by-dev"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!observe(namespace, release).health().id().equals("Healthy")) {
            if (System.nanoTime() > deadline) throw new AssertionError(release + " in " + namespace + " never became ready");
            Thread.sleep(100);
        }
    }

    /**
     * Creates the Milvus resource {@code name} (the operator's real CRDs loaded, a simulated Milvus Operator v1.3.8
     * ticking beside the kubelet) and waits until the operator reports it healthy. Its metadata lives under the root path
     * {@code name}, as the operator configures it.
     */
    public void createMilvus(String namespace, String name, String mode, String version, String mq) throws Exception {
        kube.api().cluster().namespace(namespace);
        if (operator == null) {
            SimulatedOperator.loadCrds(kube.api());
            operator = new SimulatedOperator(kube.api(), Clock.systemUTC(), "1.3.8", Duration.ofSeconds(2), MilvusMetadata.etcd(etcd));
        }
        SimulatedOperator.createMilvus(kube.api(), namespace, name, mode, version, mq);
        kubelets.put(namespace, new SimulatedKubelet(kube.api(), namespace, Clock.systemUTC(), d -> { }, rolloutTime, etcd, name));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!milvus(namespace, name).map(m -> m.health().id().equals("Healthy")).orElse(false)) {
            if (System.nanoTime() > deadline) throw new AssertionError("Milvus " + name + " in " + namespace + " never became healthy");
            Thread.sleep(100);
        }
    }

    /** The Milvus resource and its Deployments, as the Operator driver observes them. */
    public Optional<ObservedMilvus> milvus(String namespace, String name) {
        return new OperatorObserver(KubeReads.direct(kube.client())).observe(namespace, name);
    }

    private void tick() {
        if (paused) return;
        SimulatedOperator o = operator;
        if (o != null) {
            try {
                o.tick();
            } catch (RuntimeException e) {
                // The next tick tries again, as the operator's reconcile would.
            }
        }
        for (SimulatedKubelet k : kubelets.values()) {
            try {
                k.tick(Duration.ZERO);
            } catch (Exception e) {
                // The next tick tries again, as a kubelet would.
            }
        }
    }

    /**
     * Holds the simulated kubelet and operator (true) or lets them go on (false): while held, rollouts, Jobs and
     * MilvusUpgrades stay where they are, so that a test can catch a daemon waiting on one.
     */
    public void pause(boolean hold) {
        paused = hold;
    }

    /**
     * Holds the cluster where it is with Milvus {@code release} (a release, or a Milvus resource's name) answering
     * /healthz with an error: a daemon that checks health waits, whatever the rollouts had reached. {@link #release}
     * ends it.
     */
    public void hold(String release) {
        kubelets.values().forEach(k -> k.sick(release, true));
        tick();
        paused = true;
    }

    /** Ends {@link #hold}: Milvus is healthy again where its pods are, and the kubelet and operator go on. */
    public void release(String release) {
        kubelets.values().forEach(k -> k.sick(release, false));
        paused = false;
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

    public ApiServer api() {
        return kube.api();
    }

    /**
     * The daemon's config for this cluster (context {@code sim}), the real chart archives and {@code etcd}: what every
     * process-level test starts the daemon with. {@code reconcile} adds keys to {@code reconcile: {...}} ("maxRetries: 2").
     */
    public String daemonConfig(Path dir, String gitUrl, Path data, String etcd, String reconcile) throws IOException {
        return """
                git: {url: "%s", pollInterval: 1s}
                dataDir: "%s"
                http: {address: 127.0.0.1, port: %%PORT%%}
                kubernetes: {kubeconfig: "%s"}
                helm: {charts: "%s"}
                clusters: {sim: {etcd: ["%s"]}}
                reconcile: {interval: 2s, recheck: 1s, stepTimeout: 2m%s}
                """.formatted(gitUrl, data, kubeconfig(dir), ReferenceCharts.dir(), etcd, reconcile.isEmpty() ? "" : ", " + reconcile);
    }

    /** A kubeconfig whose context {@code sim} is this emulator, copied into {@code dir}. */
    public Path kubeconfig(Path dir) throws IOException {
        return Files.copy(kube.kubeconfig(), dir.resolve("kubeconfig"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        kube.close();
    }
}
