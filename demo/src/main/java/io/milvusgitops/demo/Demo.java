package io.milvusgitops.demo;

import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.fleet.DirectoryFleetReader;
import io.milvusgitops.daemon.helm.HelmClient.HelmException;
import io.milvusgitops.daemon.runtime.Daemon;
import io.milvusgitops.daemon.runtime.EmbeddedFleet;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The demo's world: a fleet directory committed into a local Git repository, {@link SimulatedClusters}
 * for its Helm targets, and the real {@link Daemon} following the one and acting on the other.
 */
public final class Demo implements AutoCloseable {

    /** Where the demo starts from and how fast its simulated clusters move. */
    public record Settings(Path fleetDir, Path charts, Path dataDir, int port, Version startAt, Duration rolloutTime, Duration pollInterval,
                           Duration recheck) {
    }

    private final SimulatedClusters clusters;
    private final Daemon daemon;
    private final Path repository;
    private final DemoClock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Demo(SimulatedClusters clusters, Daemon daemon, Path repository, DemoClock clock) {
        this.clusters = clusters;
        this.daemon = daemon;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * Builds the world and starts the daemon. The simulation starts afresh each time, and so do the
     * daemon's records of it; the fleet repository keeps its history (a new commit when the directory changed).
     */
    public static Demo start(Settings s) throws IOException, HelmException, InterruptedException {
        FleetResult parsed = FleetParser.parse(DirectoryFleetReader.read(s.fleetDir()), VersionCatalog.builtIn());
        if (parsed instanceof FleetResult.Invalid inv) {
            throw new IOException(s.fleetDir() + " is not a valid fleet:\n  "
                    + inv.problems().stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        }
        Path repo = s.dataDir().resolve("fleet");
        Path daemonData = s.dataDir().resolve("daemon");
        deleteTree(daemonData);
        String url = EmbeddedFleet.sync(s.fleetDir(), repo);
        Path simulation = s.dataDir().resolve("simulation");
        deleteTree(simulation);
        // The simulated clusters move in real time (a rollout takes rolloutTime); the daemon's policy reads the demo clock.
        SimulatedClusters clusters = SimulatedClusters.start(((FleetResult.Valid) parsed).fleet(), s.startAt(), s.charts(),
                Files.createDirectories(simulation), Clock.systemUTC(), s.rolloutTime());
        DemoClock clock = new DemoClock(Clock.systemUTC());
        try {
            Daemon daemon = new Daemon(config(url, daemonData, s), clock, clusters.infrastructure(() -> Optional.of(clusters.notice() + " " + clock.label())));
            daemon.start();
            return new Demo(clusters, daemon, repo, clock);
        } catch (IOException | RuntimeException e) {
            clusters.close();
            throw e;
        }
    }

    private static DaemonConfig config(String url, Path daemonData, Settings s) {
        String yaml = """
                git: {url: "%s", branch: main, pollInterval: %ds}
                dataDir: "%s"
                http: {address: 127.0.0.1, port: %d}
                reconcile: {interval: 10s, stepTimeout: 2m, maxRetries: 2, recheck: %ds}
                """.formatted(url, Math.max(1, s.pollInterval().toSeconds()), daemonData, s.port(), Math.max(1, s.recheck().toSeconds()));
        return switch (DaemonConfigParser.parse("(demo)", yaml)) {
            case DaemonConfigParser.Result.Valid v -> v.config();
            case DaemonConfigParser.Result.Invalid inv -> throw new IllegalStateException("the demo's own config is invalid: " + inv.problems());
        };
    }

    public Daemon daemon() {
        return daemon;
    }

    public SimulatedClusters clusters() {
        return clusters;
    }

    /**
     * Moves the demo clock to the next time a target waits for (a soak that ends, a window that opens), and runs a pass
     * at once. Never while an upgrade runs: a step's timeout must not see a day pass in a second.
     */
    public ClockMove moveClock() {
        StatusReport r = daemon.status();
        List<String> running = r.targets().stream().filter(TargetStatus::upgrading).map(t -> t.target().toString()).toList();
        if (!running.isEmpty()) return new ClockMove.NotNow(String.join(", ", running) + " upgrading: press Enter again when that is done");
        Instant now = clock.instant();
        Optional<Instant> next = r.targets().stream().flatMap(t -> t.waitUntil().stream()).filter(now::isBefore).min(Comparator.naturalOrder());
        if (next.isEmpty()) return new ClockMove.NotNow("no target waits for a time now (the page says what each waits for)");
        List<String> waiting = r.targets().stream().filter(t -> t.waitUntil().equals(next)).map(t -> t.target().toString()).toList();
        clock.moveTo(next.get().plus(Duration.ofMinutes(1)));
        daemon.refresh();
        return new ClockMove.Moved(clock.instant(), clock.ahead(), waiting);
    }

    /** What pressing Enter did to the demo clock. */
    public sealed interface ClockMove {
        /** Moved to {@code to}, {@code ahead} of real time, for the targets that waited for it. */
        record Moved(Instant to, Duration ahead, List<String> targets) implements ClockMove {
        }

        /** Not moved, and why. */
        record NotNow(String why) implements ClockMove {
        }
    }

    /** The fleet repository the daemon follows: commit to it to change the desired state. */
    public Path repository() {
        return repository;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return; // the shutdown hook and try-with-resources both close
        daemon.close();
        clusters.close();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
