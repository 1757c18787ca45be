package io.milvusgitops.daemon.cli;

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

    static LiveObserver.Observation observe(Fleet fleet, Optional<Path> kubeconfig, Clock clock) throws IOException {
        Path scratch = Files.createTempDirectory("milvus-gitops-observe");
        try (KubeconfigClusters clusters = new KubeconfigClusters(kubeconfig, Map.of())) {
            Drivers drivers = new Drivers(clusters, Map.of(), scratch, clock, Duration.ofSeconds(10));
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
