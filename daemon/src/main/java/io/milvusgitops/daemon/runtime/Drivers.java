package io.milvusgitops.daemon.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.helm.HelmDriver;
import io.milvusgitops.daemon.helm.HelmReleaseSecrets;
import io.milvusgitops.daemon.kube.ConfigMapStateStore;
import io.milvusgitops.daemon.kube.KubeReads;
import io.milvusgitops.daemon.kube.WatchedCluster;
import io.milvusgitops.daemon.operator.OperatorDriver;
import io.milvusgitops.daemon.record.DirectoryStateStore;
import io.milvusgitops.daemon.record.StateStore;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver and the upgrade-record store of each target, by where it lives: one Helm driver and one
 * Milvus Operator driver per kube context, one Compose driver per Docker host ({@link Infrastructure#dockerHosts()}); records in a
 * ConfigMap beside Kubernetes targets and in {@code dataDir/state} otherwise. The daemon acts through
 * them; {@code plan} and {@code status} only observe through them.
 */
public final class Drivers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Drivers.class);

    private final Infrastructure infra;
    private final Clock clock;
    private final Duration recheck;
    private final DirectoryStateStore files;
    private final DirectoryBackupStore backups;
    private final Map<String, TargetDriver> drivers = new ConcurrentHashMap<>();
    private final Optional<Runnable> onLiveChange;
    private final Map<String, WatchedCluster> watched = new ConcurrentHashMap<>();

    /**
     * @param onLiveChange present: Kubernetes targets are observed through a watch-fed cache per cluster
     *                     ({@link WatchedCluster}) and every change it sees calls it (the daemon, which looks on
     *                     every pass); empty: by direct reads ({@code plan} and {@code status}, which look once)
     */
    public Drivers(Infrastructure infra, Path dataDir, Clock clock, Duration recheck, Optional<Runnable> onLiveChange) throws IOException {
        this.infra = infra;
        this.clock = clock;
        this.recheck = recheck;
        this.onLiveChange = onLiveChange;
        this.files = new DirectoryStateStore(dataDir.resolve("state"));
        // One backup store for every driver: a backup is found again whichever driver made it.
        this.backups = new DirectoryBackupStore(dataDir.resolve("backups"));
    }

    public TargetDriver driver(Target t) {
        return switch (t.location()) {
            case Location.HelmRelease h -> drivers.computeIfAbsent("helm:" + h.context(), k -> helm(h.context()));
            case Location.ComposeProject c -> drivers.computeIfAbsent("compose:" + c.dockerHost(), k -> infra.dockerHosts().driver(c.dockerHost(),
                    backups, clock, recheck));
            case Location.MilvusResource m -> drivers.computeIfAbsent("operator:" + m.context(), k -> operator(m.context()));
        };
    }

    private TargetDriver helm(String context) {
        KubernetesClient client = infra.clusters().client(context);
        EtcdMetadata etcd = new EtcdMetadata(infra.clusters().etcd(context), Duration.ofSeconds(30), clock);
        return new HelmDriver(client, reads(context), infra.clusters().helm(context), etcd, backups, clock, recheck);
    }

    private TargetDriver operator(String context) {
        KubernetesClient client = infra.clusters().client(context);
        EtcdMetadata etcd = new EtcdMetadata(infra.clusters().etcd(context), Duration.ofSeconds(30), clock);
        return new OperatorDriver(client, reads(context), etcd, backups, clock, recheck);
    }

    /** How a cluster is observed: through its watch-fed cache in the daemon, else directly. */
    private KubeReads reads(String context) {
        KubernetesClient client = infra.clusters().client(context);
        return onLiveChange.<KubeReads>map(changed -> watched.computeIfAbsent(context, c -> new WatchedCluster(client, changed,
                HelmReleaseSecrets::keepingWhatTheObserverReads, WatchedCluster.RECONNECT_GRACE)))
                .orElseGet(() -> KubeReads.direct(client));
    }

    public StateStore store(Target t) {
        return switch (t.location()) {
            case Location.HelmRelease h -> new ConfigMapStateStore(infra.clusters().client(h.context()), reads(h.context()), h.namespace());
            case Location.MilvusResource m -> new ConfigMapStateStore(infra.clusters().client(m.context()), reads(m.context()), m.namespace());
            case Location.ComposeProject c -> files;
        };
    }

    /** Stops the watches and closes the drivers that hold connections (the Docker clients). */
    @Override
    public void close() {
        watched.values().forEach(WatchedCluster::close);
        for (TargetDriver d : drivers.values()) {
            if (d instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("closing a driver: {}", e.getMessage());
                }
            }
        }
    }
}
