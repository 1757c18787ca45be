package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.reconcile.LiveObserver;
import io.milvusgitops.daemon.runtime.Drivers;
import io.milvusgitops.daemon.runtime.KubeconfigClusters;
import io.milvusgitops.policy.fleet.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The live side for {@code plan} and {@code status} without a snapshot file: every target observed
 * through the same drivers the daemon acts with (kubeconfig contexts, Docker hosts). Nothing is changed.
 * Upgrade records are read where Kubernetes targets keep them (a ConfigMap beside the target); the
 * records of other targets live in the daemon's data directory and are not seen from here.
 */
final class LiveClusters {

    private LiveClusters() {
    }

    /** The daemon config of {@code --config}, or every problem on stderr and empty. */
    static Optional<DaemonConfig> config(Path file, java.io.PrintWriter err) throws IOException {
        if (!Files.isRegularFile(file)) {
            err.println("error: " + file + " is not a file: write the daemon config (docs/config.md)");
            return Optional.empty();
        }
        return switch (DaemonConfigParser.parse(file.toString(), Files.readString(file))) {
            case DaemonConfigParser.Result.Valid v -> Optional.of(v.config());
            case DaemonConfigParser.Result.Invalid inv -> {
                err.println("error: " + file + " is not a valid config:");
                inv.problems().forEach(p -> err.println("  " + p.describe()));
                yield Optional.empty();
            }
        };
    }

    /**
     * With a daemon config: its kubeconfig, Docker hosts and data directory (where the records of Compose
     * targets live); else the kubeconfig given (or the usual search) and no record of Compose targets.
     */
    static LiveObserver.Observation observe(Fleet fleet, Optional<Path> kubeconfig, Optional<DaemonConfig> config, Clock clock)
            throws IOException {
        Path scratch = Files.createTempDirectory("milvus-gitops-observe");
        Optional<Path> kube = config.flatMap(DaemonConfig::kubeconfig).or(() -> kubeconfig);
        try (KubeconfigClusters clusters = new KubeconfigClusters(kube, Map.of())) {
            Drivers drivers = new Drivers(clusters, config.map(DaemonConfig::dockerHosts).orElse(Map.of()),
                    config.map(DaemonConfig::dataDir).orElse(scratch), clock, Duration.ofSeconds(10));
            try {
                return new LiveObserver(drivers::driver, drivers::store, clock).observe(fleet);
            } finally {
                drivers.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
