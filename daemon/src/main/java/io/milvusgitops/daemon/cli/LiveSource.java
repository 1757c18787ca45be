package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.reconcile.LiveObserver;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.runtime.Drivers;
import io.milvusgitops.daemon.runtime.Infrastructure;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The live side for {@code plan} and {@code status} without a snapshot file: every target observed
 * through the same drivers the daemon acts with (kubeconfig contexts, Docker hosts). Nothing is changed.
 * Upgrade records are read where Kubernetes targets keep them (a ConfigMap beside the target); those of
 * Compose targets live in the daemon's data directory and are seen with {@code --config} only.
 */
final class LiveSource {

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "The kubeconfig whose contexts the fleet names (default: KUBECONFIG, ~/.kube/config, or in-cluster).")
    Path kubeconfig;

    @Option(names = "--config", paramLabel = "FILE", description = "The daemon's config: its kubeconfig, Docker hosts (TLS, etcd) and data "
            + "directory (the upgrade records of Compose targets).")
    Path config;

    /**
     * What runs, with the upgrade records found beside the targets and, with {@code --config}, the daemon's audit log
     * (its {@code dataDir}).
     */
    record Live(LiveObserver.Observation observed, Map<TargetKey, UpgradeRecord> records, Optional<Path> auditLog) {
    }

    /** What runs, or empty once {@code err} has said why (an invalid {@code --config}). */
    Optional<LiveObserver.Observation> observe(Fleet fleet, Clock clock, PrintWriter err) throws IOException {
        return read(fleet, clock, err).map(Live::observed);
    }

    /** What runs and the targets' upgrade records, or empty once {@code err} has said why. */
    Optional<Live> read(Fleet fleet, Clock clock, PrintWriter err) throws IOException {
        Optional<DaemonConfig> daemon = Optional.empty();
        if (config != null) {
            daemon = daemonConfig(err);
            if (daemon.isEmpty()) return Optional.empty();
        }
        Path scratch = Files.createTempDirectory("milvus-gitops-observe");
        Optional<Path> kube = daemon.flatMap(DaemonConfig::kubeconfig).or(() -> Optional.ofNullable(kubeconfig));
        Map<String, DaemonConfig.DockerHost> hosts = daemon.map(DaemonConfig::dockerHosts).orElse(Map.of());
        try (Infrastructure infra = Infrastructure.real(kube, hosts, VersionCatalog.builtIn());
             Drivers drivers = new Drivers(infra, daemon.map(DaemonConfig::dataDir).orElse(scratch), clock, Duration.ofSeconds(10),
                     Optional.empty())) {
            LiveObserver.Observation observed = new LiveObserver(drivers::driver, drivers::store, clock).observe(fleet);
            Map<TargetKey, UpgradeRecord> records = new LinkedHashMap<>();
            for (Environment e : fleet.inPromotionOrder()) {
                for (Target t : e.targets()) {
                    TargetKey key = TargetKey.of(e, t);
                    if (observed.unobservable().containsKey(key)) continue; // its cluster did not answer: neither will its record
                    try {
                        drivers.store(t).load(key).ifPresent(r -> records.put(key, r));
                    } catch (IOException | RuntimeException unreadable) {
                        err.println("warning: cannot read the upgrade record of " + key + ": " + Failures.describe(unreadable));
                    }
                }
            }
            return Optional.of(new Live(observed, records, daemon.map(d -> d.dataDir().resolve("audit.jsonl")).filter(Files::isRegularFile)));
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Optional<DaemonConfig> daemonConfig(PrintWriter err) throws IOException {
        return switch (DaemonConfigParser.read(config)) {
            case DaemonConfigParser.Result.Valid v -> Optional.of(v.config());
            case DaemonConfigParser.Result.Invalid inv -> {
                err.println("error: " + config + " is not a valid config:");
                inv.problems().forEach(p -> err.println("  " + p.describe()));
                yield Optional.empty();
            }
        };
    }
}
