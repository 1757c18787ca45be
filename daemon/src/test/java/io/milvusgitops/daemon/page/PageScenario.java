package io.milvusgitops.daemon.page;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.StepRunner;
import io.milvusgitops.daemon.git.DesiredState;
import io.milvusgitops.daemon.git.GitSource;
import io.milvusgitops.daemon.git.GitSourceSettings;
import io.milvusgitops.daemon.leader.Leadership;
import io.milvusgitops.daemon.reconcile.Pass;
import io.milvusgitops.daemon.reconcile.UpgradeExecutor;
import io.milvusgitops.daemon.record.DirectoryStateStore;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.StatusService;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.MutableClock;
import io.milvusgitops.daemon.testing.Plans;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.plan.FleetPlanner;
import io.milvusgitops.policy.plan.TargetPlan;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A fleet the status page can show, made the way the daemon makes its status: the example fleet in a
 * real Git repository (each environment set by its own commit), the real Git source, a real audit log
 * and upgrade records written by the real executor, and the policy's real verdicts. A simulated driver
 * takes a fixed time per step type. What happened before {@link #NOW}:
 * <ul>
 *   <li>yesterday, dev/search-dev went 2.4.5 -> 2.5.16 (rolling, then MixCoord) -> 2.6.15 (every step type timed);</li>
 *   <li>this morning, prod/search-prod failed to become healthy on 2.5.16, rolled back to 2.5.12 and halted;</li>
 *   <li>now, staging/search-staging runs the same three hops as dev did, in the last one ({@link #upgradeStaging} moves it on);</li>
 *   <li>staging/recsys-staging cannot be observed, prod/recsys-prod runs a hot fix (a downgrade is denied),
 *       prod/edge-berlin waits for its maintenance window (a Compose standalone has no rolling upgrade), prod/edge-paris
 *       is not found.</li>
 * </ul>
 */
final class PageScenario implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final TargetKey DEV = new TargetKey("dev", "search-dev");
    static final TargetKey STAGING = new TargetKey("staging", "search-staging");
    static final TargetKey UNOBSERVABLE = new TargetKey("staging", "recsys-staging");
    static final TargetKey PROD = new TargetKey("prod", "search-prod");
    static final TargetKey WINDOW = new TargetKey("prod", "edge-berlin");
    static final TargetKey MISSING = new TargetKey("prod", "edge-paris");
    /** A Compose target the scenario's prod commit adds: it is not found where it says. */
    private static final String PARIS = """
              - name: edge-paris
                method: compose
                mode: standalone
                messageQueue: rocksmq
                compose:
                  dockerHost: tcp://edge-paris.example.com:2376
                  project: milvus
                  composeFile: /opt/milvus/docker-compose.yml
            """;
    static final String UNREACHABLE = "cannot reach the Kubernetes API of context staging-cluster: connection refused";

    /** How long each step type takes on the simulated driver. */
    private static final Map<String, Duration> TAKES = Map.of("check-healthy", Duration.ofSeconds(5), "backup-metadata", Duration.ofSeconds(25),
            "update-component", Duration.ofSeconds(50), "wait-healthy", Duration.ofSeconds(70), "helm-upgrade", Duration.ofSeconds(40),
            "stop-components", Duration.ofSeconds(15), "wait-no-live-sessions", Duration.ofSeconds(20));

    final MutableClock clock = new MutableClock(NOW.minus(Duration.ofHours(27)));
    final FleetRepo repo;
    final GitSource source;
    final AuditLog audit;
    final DirectoryStateStore store;
    final TargetStates states = new TargetStates();
    final StatusService status;
    private final UpgradeExecutor executor;
    private final Map<TargetKey, Pass> lastPass = new HashMap<>();
    private final Map<TargetKey, Instant> since = new HashMap<>();
    private boolean failProd;

    PageScenario(Path tmp) throws Exception {
        repo = FleetRepo.create(Files.createDirectories(tmp.resolve("repos")), "fleet.git", Path.of("../examples/fleet"));
        commitAt("dev: Milvus 2.6.15", "dev", "Alice", NOW.minus(Duration.ofHours(28)));
        commitAt("staging: Milvus 2.6.15, promoted from dev", "staging", "Bob", NOW.minus(Duration.ofMinutes(40)));
        commitAt("prod: Milvus 2.5.16, and the Paris edge site", "prod", "Carol", NOW.minus(Duration.ofHours(6)));
        source = new GitSource(GitSourceSettings.of(repo.fileUrl(), "main", tmp.resolve("cache")), VersionCatalog.builtIn(), clock);
        source.poll();
        audit = new AuditLog(tmp.resolve("audit.jsonl"), clock);
        store = new DirectoryStateStore(tmp.resolve("records"));
        StepRunner runner = (ctx, step) -> {
            if (clock.instant().isBefore(ctx.startedAt().plus(TAKES.getOrDefault(step.type(), Duration.ofSeconds(30))))) {
                return new StepOutcome.InProgress(Duration.ofSeconds(5), step.describe());
            }
            if (failProd && ctx.target().name().equals(PROD.target()) && step.type().equals("wait-healthy")) {
                failProd = false; // the rollback's own wait succeeds
                return StepOutcome.Failed.fatal(FailureReason.NOT_READY, "querynode is not ready after 10 min: 0 of 2 pods ready");
            }
            return new StepOutcome.Done(step.describe());
        };
        executor = Plans.executor(store, runner, audit, clock, Duration.ofMinutes(10), 0);
        status = new StatusService(source::status, Leadership.alone("replica-a"), "replica-a", states, (t, key) -> store.peek(key), audit,
                Optional::empty, clock);
        history();
    }

    private void commitAt(String message, String environment, String author, Instant at) throws Exception {
        String file = "environments/" + environment + ".yaml";
        repo.commit(message, Map.of(file, repo.read(file) + "# " + message + "\n" + (environment.equals("prod") ? PARIS : "")),
                new PersonIdent(new PersonIdent(author, author.toLowerCase() + "@example.com"), at, ZoneOffset.UTC));
    }

    Fleet fleet() {
        return source.desired().map(DesiredState::fleet).orElseThrow();
    }

    Target target(TargetKey key) {
        return fleet().environment(key.environment()).orElseThrow().target(key.target()).orElseThrow();
    }

    /** Yesterday's dev upgrade and this morning's failed prod upgrade, then staging's plan up to its first step. */
    private void history() throws IOException {
        run(DEV, "2.4.5", "2.6.15", r -> false);
        clock.advance(Duration.between(clock.instant(), NOW.minus(Duration.ofHours(5))));
        failProd = true;
        run(PROD, "2.5.12", "2.5.16", r -> false);
        clock.advance(Duration.between(clock.instant(), NOW.minus(Duration.ofMinutes(21))));
    }

    /**
     * Staging's plan, on from where it stands until {@code doneInLastHop} steps of its last hop are done, then the next
     * step starts and runs for 40 s; the states are reported as a pass would, and the clock stands there.
     */
    void upgradeStaging(int doneInLastHop) throws IOException {
        run(STAGING, "2.4.5", "2.6.15", r -> r.hopIndex() == r.plan().hops().size() - 1 && r.stepIndex() >= doneInLastHop);
        step(STAGING, "2.4.5", "2.6.15");
        clock.advance(Duration.ofSeconds(35));
        report();
    }

    /** Advances the target's plan until {@code stop} holds for its record, or the plan ended (its record is gone, or it halted). */
    private void run(TargetKey key, String from, String to, Predicate<UpgradeRecord> stop) throws IOException {
        boolean started = false;
        for (int i = 0; i < 1_000; i++) {
            Optional<UpgradeRecord> r = store.load(key);
            if (r.isEmpty() && started) return;
            if (r.isPresent() && (stop.test(r.get()) || r.get().phase() == UpgradeRecord.Phase.HALTED)) return;
            started = true;
            step(key, from, to);
        }
        throw new IllegalStateException("the plan of " + key + " does not end");
    }

    private Pass step(TargetKey key, String from, String to) throws IOException {
        Pass p = executor.advance(Plans.turn(key, target(key), source.desired().orElseThrow().commit(), Version.parse(from), Version.parse(to)));
        lastPass.put(key, p);
        if (p instanceof Pass.WaitFor w) clock.advance(w.after());
        if (p instanceof Pass.Continue) clock.advance(Duration.ofSeconds(1));
        return p;
    }

    private Optional<UpgradeRecord> record(TargetKey key) {
        try {
            return store.load(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What runs, as the drivers would see it now. */
    private LiveFleet live() {
        Map<String, Map<String, LiveTarget>> envs = new HashMap<>();
        put(envs, DEV, "2.6.15", Health.HEALTHY, NOW.minus(Duration.ofHours(26)), false);
        String staging = record(STAGING).map(r -> r.lastStable().toString()).orElse("2.6.15");
        put(envs, STAGING, staging, Health.PROGRESSING, NOW.minus(Duration.ofMinutes(20)), true);
        put(envs, PROD, "2.5.12", Health.HEALTHY, NOW.minus(Duration.ofHours(4)), false);
        put(envs, new TargetKey("prod", "recsys-prod"), "2.5.17", Health.HEALTHY, NOW.minus(Duration.ofDays(9)), false);
        put(envs, WINDOW, "2.4.5", Health.HEALTHY, NOW.minus(Duration.ofDays(60)), false);
        return new LiveFleet(Optional.of(clock.instant()), envs);
    }

    private void put(Map<String, Map<String, LiveTarget>> envs, TargetKey key, String version, Health health, Instant at, boolean upgrading) {
        since.putIfAbsent(key, at);
        envs.computeIfAbsent(key.environment(), e -> new HashMap<>()).put(key.target(), new LiveTarget(key.environment(), key.target(),
                Version.parse(version), health, since.get(key), upgrading, Optional.empty(), List.of()));
    }

    /** Every target's state, as a pass reports it: the policy's verdict on what runs, and what the pass did. */
    void report() throws IOException {
        var approvals = source.desired().orElseThrow().approvals();
        for (TargetPlan t : new FleetPlanner(clock).plan(fleet(), live(), approvals, e -> true).targets()) {
            Optional<UpgradeRecord> r = store.load(t.key());
            Optional<String> unobservable = t.key().equals(UNOBSERVABLE) ? Optional.of(UNREACHABLE) : Optional.empty();
            String pass = Optional.ofNullable(lastPass.get(t.key())).filter(p -> r.isPresent()).map(Pass::describe)
                    .orElseGet(() -> unobservable.map(u -> "live state unknown: " + u)
                            .orElse(t.live().isEmpty() ? "not found where the fleet says it runs" : !t.drift() ? "in sync"
                                    : "held back: " + t.verdict().flatMap(v -> v.objections().stream().findFirst()).map(o -> o.describe()).orElse("")));
            states.report(TargetStatus.of(t, unobservable, r.map(x -> x.phase().inFlight()).orElse(false),
                    r.map(x -> x.phase() == UpgradeRecord.Phase.HALTED).orElse(false), pass, clock.instant()));
        }
    }

    StatusReport report(boolean fresh) throws IOException {
        if (fresh) report();
        return status.report();
    }

    @Override
    public void close() {
        source.close();
        repo.close();
    }
}
