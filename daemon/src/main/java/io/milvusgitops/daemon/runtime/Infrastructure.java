package io.milvusgitops.daemon.runtime;

import io.milvusgitops.daemon.compose.ComposeDriver;
import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.etcd.BackupStore;
import io.milvusgitops.daemon.helm.ChartSource;
import io.milvusgitops.policy.catalog.VersionCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the daemon runs on: the clusters of its Kubernetes targets, the Docker hosts of its Compose
 * targets, and a notice every reader must see first (read at each report: it may change). {@link #real} is
 * production's, with none; the demo hands in its simulated clusters, no Docker host, and a notice that says so and
 * how far its demo clock runs ahead. The daemon never asks which.
 */
public record Infrastructure(Clusters clusters, ComposeHosts dockerHosts, Supplier<Optional<String>> notice) implements AutoCloseable {

    /** The driver of the Compose projects on one Docker host. */
    @FunctionalInterface
    public interface ComposeHosts {
        TargetDriver driver(String dockerHost, BackupStore backups, Clock clock, Duration recheck);
    }

    /** The clusters of the config's kubeconfig and the Docker hosts it names (TLS, etcd endpoints), each reached for real. */
    public static Infrastructure real(DaemonConfig config, VersionCatalog catalog) {
        return real(new KubeconfigClusters(config.kubeconfig(), config.etcdByContext(), config.charts()), config.dockerHosts(), catalog);
    }

    /**
     * The clusters of {@code kubeconfig} (else the usual search) and the Docker hosts of {@code hosts}: what {@code plan} and
     * {@code status} read (they observe, and never call Helm).
     */
    public static Infrastructure real(Optional<Path> kubeconfig, Map<String, DaemonConfig.DockerHost> hosts, VersionCatalog catalog) {
        return real(new KubeconfigClusters(kubeconfig, Map.of(), new ChartSource.Archives(Path.of("."))), hosts, catalog);
    }

    private static Infrastructure real(Clusters clusters, Map<String, DaemonConfig.DockerHost> hosts, VersionCatalog catalog) {
        return new Infrastructure(clusters, (host, backups, clock, recheck) -> {
            DaemonConfig.DockerHost h = hosts.getOrDefault(host, DaemonConfig.DockerHost.DEFAULT);
            return ComposeDriver.forHost(host, h.tlsCertPath(), h.etcd(), backups, catalog, clock, recheck);
        }, Optional::empty);
    }

    @Override
    public void close() {
        clusters.close();
    }
}
