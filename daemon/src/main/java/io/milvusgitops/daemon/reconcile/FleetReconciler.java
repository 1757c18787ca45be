package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.git.DesiredState;
import io.milvusgitops.daemon.metrics.DaemonMetrics;
import io.milvusgitops.daemon.record.StateStore;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.plan.FleetPlan;
import io.milvusgitops.policy.plan.FleetPlanner;
import io.milvusgitops.policy.plan.TargetPlan;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.Verdict;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One reconcile pass over the whole fleet, level-triggered:
 * <pre>
 *   observe every target (drivers)        -> LiveObserver
 *   plan and judge every target (policy)  -> FleetPlanner: path + verdict, one plan per target, with the
 *                                            fleet's catalog (built-in plus its additions)
 *   per target, on its own lane:
 *     execute one step of the plan the policy approved (or of the plan its record pins)
 *                                         -> UpgradeExecutor
 *     report the target's state           -> TargetStates (status API, page, metrics)
 * </pre>
 * A plan that runs goes on (a hop that started inside a window may run past its end, as Argo CD's
 * syncOverrun); a plan starts only when the policy allows it. Targets are independent: one that fails
 * to observe is reported and skipped, never blocks the others.
 */
public final class FleetReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(FleetReconciler.class);

    private final Function<Target, UpgradeExecutor> executors;
    private final Function<Target, StateStore> stores;
    private final FleetPlanner planner;
    private final TargetStates states;
    private final DaemonMetrics metrics;
    private final Clock clock;
    private final LiveObserver observer;
    private final TargetLanes lanes;

    public FleetReconciler(Function<Target, TargetDriver> drivers, Function<Target, UpgradeExecutor> executors,
                           Function<Target, StateStore> stores, TargetStates states, DaemonMetrics metrics, Clock clock,
                           TargetLanes lanes) {
        this.executors = executors;
        this.stores = stores;
        this.planner = new FleetPlanner(clock);
        this.states = states;
        this.metrics = metrics;
        this.clock = clock;
        this.observer = new LiveObserver(drivers, stores, clock);
        this.lanes = lanes;
    }

    /** One pass that stops acting as soon as {@code mayAct} says no (leadership lost): the targets not reached yet wait for the next leader. */
    public Map<TargetKey, Pass> pass(DesiredState desired, BooleanSupplier mayAct) {
        Instant started = clock.instant();
        LiveObserver.Observation observed = observer.observe(desired.fleet());
        observed.unobservable().forEach((target, why) -> LOG.warn("cannot observe {}: {}", target, why));
        FleetPlan plan = planner.plan(desired.fleet(), observed.live(), desired.approvals(), e -> true);
        Map<TargetKey, Callable<Pass>> work = new LinkedHashMap<>();
        for (TargetPlan t : plan.targets()) {
            work.put(t.key(), () -> turn(desired, t, Optional.ofNullable(observed.unobservable().get(t.key())), mayAct));
        }
        Map<TargetKey, Pass> out = lanes.run(work);
        metrics.reconcile(Duration.between(started, clock.instant()));
        return out;
    }

    /** One target's turn, on its lane: act, then report. Never acts once this replica no longer leads. {@code unknown}: why it could not be observed. */
    private Pass turn(DesiredState desired, TargetPlan t, Optional<String> unknown, BooleanSupplier mayAct) {
        MDC.put("environment", t.environment().name());
        MDC.put("target", t.target().name());
        MDC.put("commit", desired.commit());
        try {
            if (!mayAct.getAsBoolean()) return new Pass.Idle("not the leader any more: left to the leader");
            // A cached read. Should it lag a write: a record not cached yet reports the target held back once
            // (the executor, which loads the record itself, resumes next pass exactly where the record says);
            // a record cleared but still cached starts nothing, as the executor starts a plan only with an approved plan.
            Optional<UpgradeRecord.Phase> phase = phase(t, false);
            boolean inFlight = phase.map(p -> p.inFlight() || p == UpgradeRecord.Phase.COMPLETED).orElse(false);
            Optional<UpgradeExecutor.Approved> approved = t.approvedPath().flatMap(p -> t.request().map(r -> new UpgradeExecutor.Approved(r, p)));
            Pass pass;
            if (inFlight || approved.isPresent()) {
                pass = act(new UpgradeExecutor.Turn(t.key(), t.target(), desired.commit(), t.desired(), approved, desired.fleet().catalog()));
                phase = phase(t, true); // this very turn may have started, ended or halted the plan: an alert must not lag
            } else {
                pass = waiting(t, unknown);
            }
            report(t, unknown, pass, phase);
            return pass;
        } finally {
            MDC.clear();
        }
    }

    /** A plan in flight goes on; a new one starts only with the policy's leave. */
    private Pass act(UpgradeExecutor.Turn turn) {
        try {
            return executors.apply(turn.target()).advance(turn);
        } catch (IOException | RuntimeException e) {
            metrics.passFailed(turn.key());
            LOG.warn("pass failed: {}", Failures.describe(e));
            return Pass.waitFor(Duration.ofSeconds(30), "error: " + Failures.describe(e));
        }
    }

    /** Why a target that neither runs a plan nor may start one waits. */
    private static Pass waiting(TargetPlan t, Optional<String> unknown) {
        if (unknown.isPresent()) return new Pass.Idle("live state unknown: " + unknown.get());
        if (t.live().isEmpty()) return new Pass.Idle(LiveObserver.NOT_FOUND + ": nothing runs there, or the fleet names the wrong place");
        if (!t.drift()) return new Pass.Idle("in sync");
        return new Pass.Idle("held back: " + t.verdict().flatMap(v -> v.objections().stream().findFirst()).map(Objection::describe)
                .orElse("no path"));
    }

    /** The phase of the target's upgrade record: {@code exact} reads the store, else a cache may answer; empty when it cannot be read. */
    private Optional<UpgradeRecord.Phase> phase(TargetPlan t, boolean exact) {
        try {
            StateStore store = stores.apply(t.target());
            return (exact ? store.load(t.key()) : store.peek(t.key())).map(UpgradeRecord::phase);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the upgrade record of {}: {}", t.key(), Failures.describe(e));
            return Optional.empty();
        }
    }

    /** The target's state after its turn. */
    private void report(TargetPlan t, Optional<String> unknown, Pass pass, Optional<UpgradeRecord.Phase> phase) {
        boolean upgrading = phase.map(UpgradeRecord.Phase::inFlight).orElse(false);
        boolean halted = pass instanceof Pass.Halted || phase.equals(Optional.of(UpgradeRecord.Phase.HALTED));
        states.report(TargetStatus.of(t, unknown, upgrading, halted, Pass.describe(pass), clock.instant()));
    }
}
