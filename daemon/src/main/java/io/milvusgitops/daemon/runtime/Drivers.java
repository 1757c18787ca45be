package io.milvusgitops.daemon.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.compose.ComposeTargetDriver;
import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.helm.HelmDriver;
import io.milvusgitops.daemon.helm.HelmTargetDriver;
import io.milvusgitops.daemon.kube.KubeReads;
import io.milvusgitops.daemon.kube.MilvusObserver;
import io.milvusgitops.daemon.kube.WatchedCluster;
import io.milvusgitops.daemon.reconcile.ConfigMapStateStore;
import io.milvusgitops.daemon.reconcile.DirectoryStateStore;
import io.milvusgitops.daemon.reconcile.StateStore;
import io.milvusgitops.daemon.reconcile.TargetDriver;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver and the upgrade-record store of each target, by where it lives: one Helm driver per kube
 * context and one Compose driver per Docker host, records in a ConfigMap beside Kubernetes targets and in {@code dataDir/state} otherwise. The
 * daemon acts through them; {@code plan} and {@code status} only observe through them.
 */
public final class Drivers {

    private final Clusters clusters;
    private final Map<String, DaemonConfig.DockerHost> dockerHosts;
    private final Path dataDir;
    private final Clock clock;
    private final Duration recheck;
    private final DirectoryStateStore files;
    private final Map<String, TargetDriver> drivers = new ConcurrentHashMap<>();
    private final Runnable onLiveChange;
    private final Map<String, WatchedCluster> watched = new ConcurrentHashMap<>();

    /** Observes by direct reads: {@code plan} and {@code status}, which look once. */
    public Drivers(Clusters clusters, Map<String, DaemonConfig.DockerHost> dockerHosts, Path dataDir, Clock clock, Duration recheck)
            throws IOException {
        this(clusters, dockerHosts, dataDir, clock, recheck, null);
    }

    /**
     * Observes Kubernetes targets through a watch-fed cache per cluster ({@link WatchedCluster}); every
     * change it sees calls {@code onLiveChange}. The daemon, which looks on every pass.
     */
    public Drivers(Clusters clusters, Map<String, DaemonConfig.DockerHost> dockerHosts, Path dataDir, Clock clock, Duration recheck,
                   Runnable onLiveChange) throws IOException {
        this.onLiveChange = onLiveChange;
        this.clusters = clusters;
        this.dockerHosts = dockerHosts;
        this.dataDir = dataDir;
        this.clock = clock;
        this.recheck = recheck;
        this.files = new DirectoryStateStore(dataDir.resolve("state"));
    }

    public TargetDriver driver(Target t) {
        String key = switch (t.location()) {
            case Location.HelmRelease h -> "helm:" + h.context();
            case Location.ComposeProject c -> "compose:" + c.dockerHost();
            default -> t.method().id();
        };
        return drivers.computeIfAbsent(key, k -> {
            if (t.location() instanceof Location.ComposeProject && clusters.simulation().isPresent()) {
                // The demo simulates Kubernetes only: a real Docker host named in its fleet is never touched.
                return new Unsupported("compose (not simulated by the demo)");
            }
            if (t.location() instanceof Location.ComposeProject c) {
                DaemonConfig.DockerHost host = dockerHosts.getOrDefault(c.dockerHost(), DaemonConfig.DockerHost.DEFAULT);
                return ComposeTargetDriver.forHost(c.dockerHost(), host.tlsCertPath(), host.etcd(), backups(), clock, recheck);
            }
            if (t.location() instanceof Location.HelmRelease h) {
                HelmDriver helm = new HelmDriver(clusters.client(h.context()), clusters.helm(h.context()),
                        new EtcdMetadata(clusters.etcd(h.context()), Duration.ofSeconds(30), clock), backups(), clock, recheck);
                return onLiveChange == null ? new HelmTargetDriver(helm) : new HelmTargetDriver(helm, new MilvusObserver(watched(h.context())));
            }
            return new Unsupported(t.method().id());
        });
    }

    /** One backup store for every driver: a backup is found again whichever driver made it. */
    private DirectoryBackupStore backups() {
        try {
            return new DirectoryBackupStore(dataDir.resolve("backups"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WatchedCluster watched(String context) {
        return watched.computeIfAbsent(context, c -> new WatchedCluster(clusters.client(c), onLiveChange));
    }

    /** Closes the drivers that hold connections (the Docker clients) and stops the watches. */
    public void close() {
        watched.values().forEach(WatchedCluster::close);
        for (TargetDriver d : drivers.values()) {
            if (d instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing: nothing to do about a Docker client that fails to close
                }
            }
        }
    }

    public StateStore store(Target t) {
        if (t.location() instanceof Location.HelmRelease h) {
            KubernetesClient client = clusters.client(h.context());
            return new ConfigMapStateStore(client, onLiveChange == null ? KubeReads.direct(client) : watched(h.context()), h.namespace());
        }
        return files;
    }

    /** Methods whose driver is not built yet: observed as absent, never acted on. */
    private record Unsupported(String method) implements TargetDriver {
        public Optional<Observed> observe(Target target) {
            return Optional.empty();
        }

        public StepOutcome execute(StepContext ctx, Step step) {
            return StepOutcome.Failed.fatal(FailureReason.PRECONDITION, "the " + method + " driver is not available in this version");
        }
    }
}
