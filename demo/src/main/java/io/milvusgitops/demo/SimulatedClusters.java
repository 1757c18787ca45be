package io.milvusgitops.demo;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.helm.ChartSource;
import io.milvusgitops.daemon.helm.HelmClient.HelmException;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.helm.HelmJavaClient;
import io.milvusgitops.daemon.runtime.Clusters;
import io.milvusgitops.daemon.runtime.Infrastructure;
import io.milvusgitops.policy.catalog.HelmChart;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.controllers.MilvusMetadata;
import io.milvusgitops.simulator.controllers.SimulatedKubelet;
import io.milvusgitops.simulator.controllers.SimulatedOperator;
import io.milvusgitops.simulator.etcd.LocalEtcd;
import io.milvusgitops.simulator.helm.ChartShelf;
import io.milvusgitops.simulator.kube.ApiServer;
import io.milvusgitops.simulator.kube.Kubeconfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMULATED clusters for the demo: per kubeconfig context one emulated API server ({@link ApiServer}: kubectl and
 * native Helm work against it), one real etcd, and a {@link SimulatedKubelet} per namespace that moves every rollout
 * on the real clock, once a second. Helm is the production client (native Helm) on the real chart archives. Each
 * Helm target of the fleet starts installed at {@code startAt}, so the daemon has drift to reconcile.
 */
public final class SimulatedClusters implements Clusters {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedClusters.class);

    /** The chart values of a Milvus cluster as the 2.4/2.5 guides install it: one MixCoord. */
    private static final Map<String, String> CLUSTER_VALUES = Map.of("cluster.enabled", "true", "mixCoordinator.enabled", "true",
            "rootCoordinator.enabled", "false", "queryCoordinator.enabled", "false", "dataCoordinator.enabled", "false");
    private static final Map<String, String> STANDALONE_VALUES = Map.of("cluster.enabled", "false");
    /** The Milvus Operator the simulated clusters run: the release the research read (v1.3.8). */
    private static final String OPERATOR_VERSION = "1.3.8";

    /** One simulated cluster: its API server, a client on it, its etcd, a kubelet per namespace. */
    private record Cluster(ApiServer api, KubernetesClient client, LocalEtcd etcd, Map<String, SimulatedKubelet> kubelets) {
    }

    private final Path dir;
    private final Path kubeconfig;
    private final ChartSource charts;
    private final Clock clock;
    private final Duration rolloutTime;
    private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
    /** The simulated Milvus Operator of each context that has an operator target. */
    private final Map<String, SimulatedOperator> operators = new ConcurrentHashMap<>();
    /** The etcd root path of each "context/namespace": where the simulated Milvus keeps its sessions. */
    private final Map<String, String> rootPaths = new ConcurrentHashMap<>();
    private final ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-kubelet");
        t.setDaemon(true);
        return t;
    });

    private SimulatedClusters(Path dir, ChartSource charts, Clock clock, Duration rolloutTime) {
        this.dir = dir;
        this.kubeconfig = dir.resolve("kubeconfig");
        this.charts = charts;
        this.clock = clock;
        this.rolloutTime = rolloutTime;
    }

    /**
     * Starts a cluster for every context of the fleet's Kubernetes targets, installs each Helm target's release at
     * {@code startAt} with native Helm and creates each Operator target's {@code Milvus} resource at {@code startAt} for a
     * simulated Milvus Operator (v1.3.8, with its real CRDs). Etcd data, logs, the chart shelf and the kubeconfig go under {@code dir}.
     */
    public static SimulatedClusters start(Fleet fleet, Version startAt, Path chartArchives, Path dir, Clock clock, Duration rolloutTime)
            throws HelmException, IOException, InterruptedException {
        Map<String, String> catalogCharts = VersionCatalog.builtIn().charts().stream()
                .collect(Collectors.toMap(c -> c.chart().toString(), c -> c.app().toString(), (a, b) -> a));
        Path shelf = ChartShelf.fill(chartArchives, catalogCharts, dir.resolve("charts"));
        SimulatedClusters sim = new SimulatedClusters(dir, new ChartSource.Archives(shelf), clock, rolloutTime);
        try {
            List<Location> locations = fleet.environments().stream().flatMap(e -> e.targets().stream()).map(Target::location).toList();
            for (Location l : locations) {
                switch (l) {
                    case Location.HelmRelease h -> sim.cluster(h.context());
                    case Location.MilvusResource m -> sim.cluster(m.context());
                    case Location.ComposeProject c -> { } // needs a Docker host: not simulated
                }
            }
            sim.writeKubeconfig();
            for (var env : fleet.environments()) {
                for (Target t : env.targets()) {
                    switch (t.location()) {
                        case Location.HelmRelease h -> sim.installRelease(t, h, startAt);
                        case Location.MilvusResource m -> sim.createMilvus(t, m, startAt);
                        case Location.ComposeProject c -> { }
                    }
                }
            }
            sim.tick();
            sim.kubelet.scheduleWithFixedDelay(sim::tick, 1, 1, TimeUnit.SECONDS);
            return sim;
        } catch (HelmException | IOException | RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    private void installRelease(Target t, Location.HelmRelease h, Version startAt) throws HelmException, IOException {
        String chart = chartOf(startAt);
        rootPaths.put(h.context() + "/" + h.namespace(), t.etcdRootPath());
        Cluster c = cluster(h.context());
        c.api().cluster().namespace(h.namespace());
        helm(h.context()).install(h.namespace(), h.release(), "zilliztech/milvus", chart, t.mode() == DeployMode.CLUSTER ? CLUSTER_VALUES : STANDALONE_VALUES);
        seedMetadata(c.etcd().client(), t.etcdRootPath());
        LOG.info("simulation: installed {} {} in {}/{} (chart {})", h.release(), startAt, h.context(), h.namespace(), chart);
    }

    /** A {@code Milvus} resource as its owners would apply it, for the simulated operator of its cluster to run. */
    private void createMilvus(Target t, Location.MilvusResource m, Version startAt) throws IOException {
        rootPaths.put(m.context() + "/" + m.namespace(), t.etcdRootPath());
        Cluster c = cluster(m.context());
        c.api().cluster().namespace(m.namespace());
        operators.computeIfAbsent(m.context(), k -> {
            try {
                SimulatedOperator.loadCrds(c.api());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new SimulatedOperator(c.api(), clock, OPERATOR_VERSION, Duration.ofSeconds(10), MilvusMetadata.etcd(c.etcd().client().getKVClient()));
        });
        SimulatedOperator.createMilvus(c.api(), m.namespace(), m.name(), t.mode().id(), startAt.toString(), t.messageQueue().id());
        seedMetadata(c.etcd().client(), t.etcdRootPath());
        LOG.info("simulation: created Milvus {} {} in {}/{} for the simulated Milvus Operator v{}", m.name(), startAt, m.context(), m.namespace(),
                OPERATOR_VERSION);
    }

    /**
     * A few metadata keys where Milvus keeps its catalog, so that the backup before a metadata-changing hop has
     * something to save (sessions are excluded from backups: they belong to running processes).
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
                SimulatedOperator operator = operators.get(context);
                if (operator != null) operator.tick();
                for (var d : c.api().cluster().list("apps/v1", "Deployment", "", "")) {
                    String ns = d.path("metadata").path("namespace").asText();
                    c.kubelets().computeIfAbsent(ns, n -> new SimulatedKubelet(c.api(), n, clock, step -> { }, rolloutTime,
                            c.etcd().client().getKVClient(), rootPaths.getOrDefault(context + "/" + n, "by-dev")));
                }
                for (SimulatedKubelet k : c.kubelets().values()) k.tick(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing
            } catch (ExecutionException | RuntimeException e) {
                LOG.warn("simulation: the kubelet of {} failed a tick: {}", context, e.getMessage());
            }
        });
    }

    private Cluster cluster(String context) {
        return clusters.computeIfAbsent(context, k -> {
            try {
                ApiServer api = new ApiServer();
                KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(api.url())
                        .withRequestRetryBackoffLimit(1).build()).build();
                LocalEtcd etcd = LocalEtcd.start(Files.createDirectories(dir.resolve(context.isEmpty() ? "own-cluster" : context)));
                return new Cluster(api, client, etcd, new ConcurrentHashMap<>());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting etcd", e);
            }
        });
    }

    private void writeKubeconfig() throws IOException {
        Map<String, String> servers = new LinkedHashMap<>();
        clusters.forEach((context, c) -> servers.put(context, c.api().url()));
        Files.writeString(kubeconfig, Kubeconfigs.of(servers, servers.keySet().stream().sorted().findFirst().orElse("")));
    }

    /** The kubeconfig of every simulated cluster, one context each: {@code kubectl --kubeconfig <this> get deploy -n ...}. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** What the page and the status API say first: these clusters are not real. */
    public String notice() {
        return "SIMULATION: the clusters " + String.join(", ", clusters.keySet().stream().sorted().toList())
                + " are emulated in this process (an in-memory Kubernetes API server each, a simulated kubelet, native Helm with the real "
                + "Milvus charts, a simulated Milvus Operator v" + OPERATOR_VERSION + " on its real CRDs, a real etcd each). No real Kubernetes is involved.";
    }

    /** The demo's world: these clusters, no Docker host (the demo never touches a real one), and the page's first line. */
    public Infrastructure infrastructure(Supplier<Optional<String>> notice) {
        return new Infrastructure(this, (host, backups, clk, recheck) -> TargetDriver.unavailable(
                "not simulated by the demo: a Compose target needs a Docker host (" + host + ")"), notice);
    }

    @Override
    public KubernetesClient client(String context) {
        return cluster(context).client();
    }

    @Override
    public HelmClient helm(String context) {
        return new HelmJavaClient(kubeconfig, context, charts);
    }

    @Override
    public Client etcd(String context) {
        return cluster(context).etcd().client();
    }

    @Override
    public void close() {
        kubelet.shutdownNow();
        clusters.values().forEach(c -> {
            c.client().close();
            c.api().close();
            try {
                c.etcd().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
