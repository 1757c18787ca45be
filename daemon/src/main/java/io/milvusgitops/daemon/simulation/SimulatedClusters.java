package io.milvusgitops.daemon.simulation;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.helm.HelmClient.HelmException;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.runtime.Clusters;
import io.milvusgitops.daemon.runtime.Infrastructure;
import io.milvusgitops.policy.catalog.HelmChart;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATED clusters for the demo: one {@link KubeEmulator} and one real etcd per kubeconfig context, a
 * {@link RenderingHelm} on the real chart archives, and a {@link SimulatedKubelet} per namespace that
 * moves every rollout on the real clock, once a second. Each Helm target of the fleet starts installed at
 * {@code startAt}, so the daemon has drift to reconcile.
 */
public final class SimulatedClusters implements Clusters {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedClusters.class);

    /** The chart values of a Milvus cluster as the 2.4/2.5 guides install it: one MixCoord. */
    private static final Map<String, String> CLUSTER_VALUES = Map.of("cluster.enabled", "true", "mixCoordinator.enabled", "true",
            "rootCoordinator.enabled", "false", "queryCoordinator.enabled", "false", "dataCoordinator.enabled", "false");
    private static final Map<String, String> STANDALONE_VALUES = Map.of("cluster.enabled", "false");

    private record Cluster(KubeEmulator kube, RenderingHelm helm, LocalEtcd etcd, Map<String, SimulatedKubelet> kubelets) {
    }

    private final Path dir;
    private final ChartArchives charts;
    private final Clock clock;
    private final Duration rolloutTime;
    private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
    /** The etcd root path of each "context/namespace": where the simulated Milvus keeps its sessions. */
    private final Map<String, String> rootPaths = new ConcurrentHashMap<>();
    private final ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-kubelet");
        t.setDaemon(true);
        return t;
    });

    private SimulatedClusters(Path dir, ChartArchives charts, Clock clock, Duration rolloutTime) {
        this.dir = dir;
        this.charts = charts;
        this.clock = clock;
        this.rolloutTime = rolloutTime;
    }

    /**
     * Starts a cluster for every context of the fleet's Helm targets and installs each target's release at
     * {@code startAt}. Etcd data and logs go under {@code dir}.
     */
    public static SimulatedClusters start(Fleet fleet, Version startAt, ChartArchives charts, Path dir, Clock clock, Duration rolloutTime)
            throws HelmException {
        SimulatedClusters sim = new SimulatedClusters(dir, charts, clock, rolloutTime);
        try {
            String chart = chartOf(startAt);
            for (var env : fleet.environments()) {
                for (Target t : env.targets()) {
                    if (!(t.location() instanceof Location.HelmRelease h)) continue;
                    sim.rootPaths.put(h.context() + "/" + h.namespace(), t.etcdRootPath());
                    Cluster c = sim.cluster(h.context());
                    c.kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(h.namespace()).endMetadata().build())
                            .createOr(x -> x.update());
                    c.helm.install(h.namespace(), h.release(), "zilliztech/milvus", chart,
                            t.mode() == DeployMode.CLUSTER ? CLUSTER_VALUES : STANDALONE_VALUES);
                    seedMetadata(c.etcd.client(), t.etcdRootPath());
                    LOG.info("simulation: installed {} {} in {}/{} (chart {})", h.release(), startAt, h.context(), h.namespace(), chart);
                }
            }
            sim.tick();
            sim.kubelet.scheduleWithFixedDelay(sim::tick, 1, 1, TimeUnit.SECONDS);
            return sim;
        } catch (HelmException | RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /**
     * A few metadata keys where Milvus keeps its catalog, so that the backup before a metadata-changing
     * hop has something to save (sessions are excluded from backups: they belong to running processes).
     */
    private static void seedMetadata(Client etcd, String rootPath) {
        try {
            for (String key : List.of("meta/root-coord/database/db-info/1", "meta/root-coord/database/collection-info/1/100",
                    "meta/root-coord/fields/100/0", "meta/root-coord/fields/100/1", "meta/datacoord-meta/s/100/1/10")) {
                etcd.getKVClient().put(bytes(rootPath + "/" + key), bytes("{\"simulated\":true}")).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the simulated metadata into etcd: " + e.getMessage(), e);
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** The newest chart that ships {@code version}. */
    static String chartOf(Version version) {
        return VersionCatalog.builtIn().charts().stream().filter(c -> c.app().equals(version)).map(HelmChart::chart)
                .max(Comparator.naturalOrder()).map(Version::toString)
                .orElseThrow(() -> new IllegalArgumentException("no Milvus chart ships " + version + ": start the simulation at a release "
                        + "the chart catalog lists (docs/catalog.md)"));
    }

    /** Moves every rollout, Job and /healthz answer of every simulated cluster once. */
    private void tick() {
        clusters.forEach((context, c) -> {
            try {
                for (Deployment d : c.kube.client().apps().deployments().inAnyNamespace().list().getItems()) {
                    String ns = d.getMetadata().getNamespace();
                    c.kubelets.computeIfAbsent(ns, n -> new SimulatedKubelet(c.kube, n, clock, step -> { }, rolloutTime,
                            c.etcd.client().getKVClient(), rootPaths.getOrDefault(context + "/" + n, "by-dev")));
                }
                for (SimulatedKubelet k : c.kubelets.values()) k.tick(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing
            } catch (Exception e) {
                LOG.warn("simulation: the kubelet of {} failed a tick: {}", context, e.toString());
            }
        });
    }

    private Cluster cluster(String context) {
        return clusters.computeIfAbsent(context, k -> {
            try {
                KubeEmulator kube = new KubeEmulator();
                LocalEtcd etcd = LocalEtcd.start(Files.createDirectories(dir.resolve(context.isEmpty() ? "own-cluster" : context)));
                return new Cluster(kube, new RenderingHelm(kube.client(), charts), etcd, new ConcurrentHashMap<>());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting etcd", e);
            }
        });
    }

    /** What the page and the status API say first: these clusters are not real. */
    public String notice() {
        return ("SIMULATION: the clusters " + String.join(", ", clusters.keySet().stream().sorted().toList())
                + " are emulated in this process (fabric8's mock API server, a simulated kubelet, the real Milvus charts, a real etcd each). "
                + "No real Kubernetes is involved.");
    }

    /** The demo's world: these clusters, and no Docker host (the demo never touches a real one). */
    public Infrastructure infrastructure() {
        return new Infrastructure(this, (host, backups, clock, recheck) -> TargetDriver.unavailable(
                "not simulated by the demo: a Compose target needs a Docker host (" + host + ")"), Optional.of(notice()));
    }

    @Override
    public KubernetesClient client(String context) {
        return cluster(context).kube.client();
    }

    @Override
    public HelmClient helm(String context) {
        return cluster(context).helm;
    }

    @Override
    public Client etcd(String context) {
        return cluster(context).etcd.client();
    }

    @Override
    public void close() {
        kubelet.shutdownNow();
        clusters.values().forEach(c -> {
            c.kube.close();
            try {
                c.etcd.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
