package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.daemon.git.DesiredState;
import io.milvusgitops.daemon.metrics.DaemonMetrics;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.engine.Objection;
import io.milvusgitops.policy.engine.Verdict;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.plan.FleetPlan;
import io.milvusgitops.policy.plan.FleetPlanner;
import io.milvusgitops.policy.plan.TargetPlan;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One reconcile pass over the whole fleet, level-triggered:
 * observe every target -> take the desired state in force -> plan -> check policy -> execute one
 * step where a plan runs or may start -> record (upgrade records, metrics).
 *
 * <p>A plan that runs goes on (a hop that started inside a window may run past its end, as Argo CD's
 * syncOverrun); a plan starts only when the policy allows it. Targets are independent: one that fails
 * to observe is reported and skipped, never blocks the others.
 */
public final class FleetReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(FleetReconciler.class);

    private final Function<Target, TargetDriver> drivers;
    private final Function<Target, UpgradeExecutor> executors;
    private final Function<Target, StateStore> stores;
    private final VersionCatalog catalog;
    private final DaemonMetrics metrics;
    private final Clock clock;
    private final LiveObserver observer;
    private final TargetLanes lanes;

    /** Targets one after the other on the caller's thread (tests that drive passes by hand). */
    public FleetReconciler(Function<Target, TargetDriver> drivers, Function<Target, UpgradeExecutor> executors,
                           Function<Target, StateStore> stores, VersionCatalog catalog, DaemonMetrics metrics, Clock clock) {
        this(drivers, executors, stores, catalog, metrics, clock, TargetLanes.inline());
    }

    /** Each target's step on its own lane ({@link TargetLanes}): a slow target never holds the others. */
    public FleetReconciler(Function<Target, TargetDriver> drivers, Function<Target, UpgradeExecutor> executors,
                           Function<Target, StateStore> stores, VersionCatalog catalog, DaemonMetrics metrics, Clock clock, TargetLanes lanes) {
        this.drivers = drivers;
        this.executors = executors;
        this.stores = stores;
        this.catalog = catalog;
        this.metrics = metrics;
        this.clock = clock;
        this.observer = new LiveObserver(drivers, stores, clock);
        this.lanes = lanes;
    }

    /** One pass; the result per target says when to pass again. */
    public Map<String, Pass> pass(DesiredState desired) {
        return pass(desired, () -> true);
    }

    /**
     * One pass that stops acting as soon as {@code mayAct} says no (the Lease was lost): the targets
     * not reached yet wait for the next leader, which resumes from their records.
     */
    public Map<String, Pass> pass(DesiredState desired, java.util.function.BooleanSupplier mayAct) {
        Instant started = clock.instant();
        LiveObserver.Observation observed = observer.observe(desired.fleet());
        observed.unobservable().forEach((target, why) -> LOG.warn("cannot observe {}: {}", target, why));
        LiveFleet live = observed.live();
        FleetPlan plan = new FleetPlanner(catalog, clock).plan(desired.fleet(), live, desired.approvals(), e -> true);
        Map<String, java.util.concurrent.Callable<Pass>> work = new LinkedHashMap<>();
        for (TargetPlan t : plan.targets()) {
            work.put(key(t.environment(), t.target()), () -> step(desired, t, live, mayAct));
        }
        Map<String, Pass> out = lanes.run(work);
        metrics.reconcile(Duration.between(started, clock.instant()));
        return out;
    }

    /** One target's turn, on its lane: never acts once this replica is no longer the leader. */
    private Pass step(DesiredState desired, TargetPlan t, LiveFleet live, java.util.function.BooleanSupplier mayAct) {
        MDC.put("environment", t.environment().name());
        MDC.put("target", t.target().name());
        MDC.put("commit", desired.commit());
        try {
            if (!mayAct.getAsBoolean()) return new Pass.Idle("not the leader any more: left to the leader");
            return execute(desired, t, live);
        } catch (IOException | RuntimeException e) {
            LOG.warn("pass failed: {}", withCause(e));
            return Pass.waitFor(Duration.ofSeconds(30), "error: " + e.getMessage());
        } finally {
            MDC.clear();
        }
    }

    private Pass execute(DesiredState desired, TargetPlan t, LiveFleet live) throws IOException {
        String key = key(t.environment(), t.target());
        // A cached read. Should it lag a write: a record not cached yet reports the target held back once
        // (the executor, which loads the record itself, resumes next pass exactly where the record says);
        // a record cleared but still cached starts nothing, as the executor starts a plan only with the
        // policy's leave (allowed below).
        Optional<UpgradeRecord.Phase> phase = stores.apply(t.target()).peek(key).map(UpgradeRecord::phase);
        boolean running = phase.map(p -> p == UpgradeRecord.Phase.RUNNING || p == UpgradeRecord.Phase.ROLLING_BACK
                || p == UpgradeRecord.Phase.COMPLETED).orElse(false);
        Optional<LiveTarget> l = t.live();
        Version liveVersion = l.map(LiveTarget::version).orElse(t.desired());
        Pass pass;
        boolean allowed = t.verdict().map(v -> v instanceof Verdict.Allow).orElse(false);
        boolean stepped = running || allowed;
        if (stepped) {
            pass = executors.apply(t.target()).advance(key, t.target(), desired.commit(), liveVersion, t.desired(), allowed);
        } else if (!t.drift()) {
            pass = new Pass.Idle("in sync");
        } else {
            pass = new Pass.Idle("held back: " + t.verdict().flatMap(v -> v.objections().stream().findFirst())
                    .map(Objection::describe).orElse("no live state"));
        }
        // Read again for the metrics: this very pass may have started, finished or halted the upgrade,
        // and an alert should not lag a pass behind.
        Optional<UpgradeRecord.Phase> after = stepped ? stores.apply(t.target()).load(key).map(UpgradeRecord::phase) : phase;
        boolean upgrading = after.map(p -> p == UpgradeRecord.Phase.RUNNING || p == UpgradeRecord.Phase.ROLLING_BACK).orElse(false);
        boolean halted = pass instanceof Pass.Halted || after.equals(Optional.of(UpgradeRecord.Phase.HALTED));
        metrics.target(new DaemonMetrics.TargetState(t.environment().name(), t.target().name(), t.desired().toString(),
                l.map(x -> x.version().toString()).orElse(""), t.drift(), l.map(x -> x.health().id()).orElse(Health.UNKNOWN.id()),
                upgrading, halted, t.verdict().map(v -> v.label().toLowerCase(java.util.Locale.ROOT)).orElse("in-sync"),
                running ? List.of() : t.verdict().map(v -> v.objections().stream().map(Objection::rule).distinct().toList()).orElse(List.of())));
        return pass;
    }

    private static String withCause(Throwable e) {
        return LiveObserver.withCause(e);
    }

    static String key(Environment env, Target t) {
        return env.name() + "/" + t.name();
    }

    /** The planner for one target, as the executor needs it (from, to) -> path. */
    public static java.util.function.BiFunction<Version, Version, UpgradePath> planner(VersionCatalog catalog, Target t) {
        UpgradePlanner planner = new UpgradePlanner(catalog);
        return (from, to) -> switch (planner.plan(new PathRequest(from, to, t.method(), t.mode(), t.messageQueue(), Optional.empty(),
                PathRequest.Strategy.AUTO))) {
            case PathResult.Found f -> f.path();
            case PathResult.Refused r -> throw new IllegalStateException("no path " + from + " -> " + to + ": " + r.refusal().reason());
        };
    }
}
