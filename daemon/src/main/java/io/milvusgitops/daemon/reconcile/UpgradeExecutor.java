package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.metrics.DaemonMetrics;
import io.milvusgitops.daemon.reconcile.UpgradeRecord.Phase;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Drives one target's upgrade one step per pass, resumably:
 * <ol>
 *   <li>no record and drift: a plan starts (its record, fixed by from and to versions, is saved first);</li>
 *   <li>before a step: the record says which step and since when (saved before acting);</li>
 *   <li>the step runs once; Done moves the record on, InProgress asks to be called again later,
 *       a retryable failure is retried with backoff up to a limit, a fatal one starts the hop's rollback;</li>
 *   <li>between hops, a new desired version ends the plan, and the next pass plans again;</li>
 *   <li>a rollback that ends (or fails) halts the target until Git changes.</li>
 * </ol>
 * The plan is recomputed from the record's versions on every pass (the planner is deterministic), so
 * the record stays small; a restart at any moment resumes at the recorded step.
 */
public final class UpgradeExecutor {

    private final StateStore store;
    private final StepRunner runner;
    private final BiFunction<Version, Version, UpgradePath> planner;
    private final Clock clock;
    private final Duration stepTimeout;
    private final int maxRetries;
    private final AuditLog audit;
    private final DaemonMetrics metrics;

    public UpgradeExecutor(StateStore store, StepRunner runner, BiFunction<Version, Version, UpgradePath> planner, AuditLog audit,
                           Clock clock, Duration stepTimeout, int maxRetries) {
        this(store, runner, planner, audit, DaemonMetrics.NONE, clock, stepTimeout, maxRetries);
    }

    public UpgradeExecutor(StateStore store, StepRunner runner, BiFunction<Version, Version, UpgradePath> planner, AuditLog audit,
                           DaemonMetrics metrics, Clock clock, Duration stepTimeout, int maxRetries) {
        this.store = store;
        this.metrics = metrics;
        this.runner = runner;
        this.planner = planner;
        this.audit = audit;
        this.clock = clock;
        this.stepTimeout = stepTimeout;
        this.maxRetries = maxRetries;
    }

    /** One pass for one target: {@code live} and {@code desired} as observed and as Git says now. */
    public Pass advance(String key, Target target, String desiredCommit, Version live, Version desired) throws IOException {
        return advance(key, target, desiredCommit, live, desired, true);
    }

    /**
     * One pass; a new plan starts only when {@code mayStart} (the policy allows it). The caller may have
     * decided from a cached record that a plan runs; this load is the truth, and without a record and
     * without the policy's leave, nothing starts.
     */
    public Pass advance(String key, Target target, String desiredCommit, Version live, Version desired, boolean mayStart) throws IOException {
        Optional<UpgradeRecord> found = store.load(key);
        if (found.isEmpty()) {
            if (live.equals(desired)) return new Pass.Idle("runs " + desired + " as Git asks");
            if (!mayStart) return new Pass.Idle("held back: the policy does not allow a new plan now");
            UpgradeRecord r = new UpgradeRecord(UUID.randomUUID().toString().substring(0, 8), desiredCommit, live, desired, 0, 0,
                    Phase.RUNNING, live, Optional.empty(), 0, "plan " + live + " -> " + desired, clock.instant());
            store.save(key, r);
            audit.plan(key, r);
            return new Pass.Continue("planned " + live + " -> " + desired);
        }
        UpgradeRecord r = found.get();
        return switch (r.phase()) {
            case COMPLETED -> {
                store.clear(key);
                yield new Pass.Continue("plan " + r.planId() + " ended: " + r.message());
            }
            case HALTED -> {
                if (!r.desiredCommit().equals(desiredCommit)) {
                    store.clear(key);
                    yield new Pass.Continue("Git changed since the halt: planning again");
                }
                yield new Pass.Halted(r.message());
            }
            case RUNNING -> forward(key, target, r, desired);
            case ROLLING_BACK -> back(key, target, r);
        };
    }

    private Pass forward(String key, Target target, UpgradeRecord r, Version desired) throws IOException {
        List<Hop> hops = planner.apply(r.planFrom(), r.planTo()).hops();
        Hop hop = hops.get(r.hopIndex());
        if (r.stepIndex() >= hop.steps().size()) {
            UpgradeRecord next = r.stable(hop.to());
            if (r.hopIndex() + 1 == hops.size()) {
                store.save(key, next.step(r.hopIndex(), r.stepIndex(), Phase.COMPLETED, Optional.empty(), 0, "upgraded to " + hop.to(), clock.instant()));
                audit.event(key, r, "completed", "runs " + hop.to());
                return new Pass.Continue("upgraded to " + hop.to());
            }
            if (!desired.equals(r.planTo())) {
                // A new desired version arrived mid-plan: the running hop finished; plan again from here.
                store.save(key, next.step(r.hopIndex(), r.stepIndex(), Phase.COMPLETED, Optional.empty(), 0,
                        "superseded by " + desired + " after the hop to " + hop.to(), clock.instant()));
                audit.event(key, r, "superseded", "Git now asks for " + desired);
                return new Pass.Continue("superseded after " + hop.to());
            }
            store.save(key, next.step(r.hopIndex() + 1, 0, Phase.RUNNING, Optional.empty(), 0, "hop to " + hop.to() + " done", clock.instant()));
            return new Pass.Continue("hop to " + hop.to() + " done");
        }
        return runStep(key, target, r, hop, hop.steps(), false);
    }

    private Pass back(String key, Target target, UpgradeRecord r) throws IOException {
        Hop hop = planner.apply(r.planFrom(), r.planTo()).hops().get(r.hopIndex());
        if (r.stepIndex() >= hop.rollback().size()) {
            store.save(key, r.step(r.hopIndex(), r.stepIndex(), Phase.HALTED, Optional.empty(), 0,
                    "rolled back to " + hop.from() + " after: " + r.message(), clock.instant()));
            audit.event(key, r, "rolled-back", r.message());
            return new Pass.Halted("rolled back to " + hop.from());
        }
        return runStep(key, target, r, hop, hop.rollback(), true);
    }

    private Pass runStep(String key, Target target, UpgradeRecord r, Hop hop, List<Step> steps, boolean rollingBack) throws IOException {
        Step step = steps.get(r.stepIndex());
        final UpgradeRecord started;
        if (r.stepStartedAt().isEmpty()) {
            // Write-ahead: the record names the step before anything acts.
            started = r.step(r.hopIndex(), r.stepIndex(), r.phase(), Optional.of(clock.instant()), r.attempts(), step.describe(), clock.instant());
            store.save(key, started);
        } else {
            started = r;
        }
        StepContext ctx = new StepContext(target, hop, r.stepIndex(), r.planId(), started.stepStartedAt().orElseThrow(), stepTimeout);
        // The step's own log lines carry the plan and the step, beside the environment, target and commit.
        org.slf4j.MDC.put("plan", r.planId());
        org.slf4j.MDC.put("step", r.hopIndex() + "." + r.stepIndex() + " " + step.type());
        StepOutcome outcome;
        try {
            outcome = runner.execute(ctx, step);
        } finally {
            org.slf4j.MDC.remove("plan");
            org.slf4j.MDC.remove("step");
        }
        return switch (outcome) {
            case StepOutcome.Done d -> {
                audit.step(key, started, step, d.what());
                finished(key, started, step, true);
                store.save(key, started.step(r.hopIndex(), r.stepIndex() + 1, r.phase(), Optional.empty(), 0, d.what(), clock.instant()));
                yield new Pass.Continue(d.what());
            }
            case StepOutcome.InProgress p -> Pass.waitFor(p.recheckAfter(), p.waitingFor());
            case StepOutcome.Failed f when f.retryable() && started.attempts() < maxRetries -> {
                failed(key, f);
                store.save(key, started.step(r.hopIndex(), r.stepIndex(), r.phase(), started.stepStartedAt(), started.attempts() + 1,
                        f.message(), clock.instant()));
                yield Pass.waitFor(Duration.ofSeconds(Math.min(300, 1L << Math.min(8, started.attempts()))), "retry: " + f.message());
            }
            case StepOutcome.Failed f -> {
                audit.failure(key, started, step, f);
                failed(key, f);
                finished(key, started, step, false);
                if (rollingBack) {
                    store.save(key, started.step(r.hopIndex(), r.stepIndex(), Phase.HALTED, Optional.empty(), 0,
                            "rollback failed at '" + step.describe() + "': " + f.message() + "; an operator must act", clock.instant()));
                    yield new Pass.Halted("rollback failed: " + f.message());
                }
                store.save(key, started.step(r.hopIndex(), 0, Phase.ROLLING_BACK, Optional.empty(), 0,
                        f.reason() + " at '" + step.describe() + "': " + f.message(), clock.instant()));
                yield new Pass.Continue("rolling back: " + f.message());
            }
        };
    }

    // Keys are "environment/target" (FleetReconciler.key); metrics label the two apart.
    private void failed(String key, StepOutcome.Failed f) {
        int slash = key.indexOf('/');
        metrics.stepFailed(key.substring(0, Math.max(0, slash)), key.substring(slash + 1), f.reason());
    }

    private void finished(String key, UpgradeRecord started, Step step, boolean ok) {
        int slash = key.indexOf('/');
        Duration took = Duration.between(started.stepStartedAt().orElse(clock.instant()), clock.instant());
        metrics.stepFinished(key.substring(0, Math.max(0, slash)), key.substring(slash + 1), step.type(), took, ok);
    }
}
