package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.daemon.audit.AuditEvent;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.StepRunner;
import io.milvusgitops.daemon.metrics.DaemonMetrics;
import io.milvusgitops.daemon.record.StateStore;
import io.milvusgitops.daemon.record.UnreadableRecord;
import io.milvusgitops.daemon.record.UpgradeRecord.Phase;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * Runs the plan the policy approved, one step per call, resumably:
 * <ol>
 *   <li>no record: a plan starts only with an approved plan in hand; the record, which pins that plan
 *       whole, is saved before anything acts;</li>
 *   <li>a running plan first checks that its pinned plan still holds ({@link PlanCheck}); if not, the
 *       target halts with the reason, and no step of another path runs;</li>
 *   <li>before a step, the record says which step and since when (write-ahead); the step runs; Done moves
 *       the record on, InProgress asks to be called again, a retryable failure is retried under the
 *       {@link RetryPolicy}, a fatal one starts the hop's rollback;</li>
 *   <li>between hops, a new desired version ends the plan (the next pass plans again from what runs);</li>
 *   <li>a rollback that ends (or fails) halts the target until Git changes.</li>
 * </ol>
 */
public final class UpgradeExecutor {

    /**
     * What the reconciler hands over for one target on one pass. {@code approved}: present when the policy lets a
     * plan start now; {@code catalog}: the catalog in force (the built-in one and the fleet's additions), which a
     * new record names and a running plan is checked against.
     */
    public record Turn(TargetKey key, Target target, String desiredCommit, Version desired, Optional<Approved> approved,
                       VersionCatalog catalog) {
    }

    /** The plan the policy judged, with the request that produced it. */
    public record Approved(PathRequest request, UpgradePath path) {
    }

    static final String UNREADABLE_REMEDY = "Nothing runs on this target until a person looks: check what it runs, then delete the record "
            + "to let milvus-gitops plan again from there";

    private final StateStore store;
    private final StepRunner runner;
    private final PlanCheck check;
    private final AuditLog audit;
    private final DaemonMetrics metrics;
    private final Clock clock;
    private final Duration stepTimeout;
    private final RetryPolicy retries;

    public UpgradeExecutor(StateStore store, StepRunner runner, PlanCheck check, AuditLog audit, DaemonMetrics metrics,
                           Clock clock, Duration stepTimeout, RetryPolicy retries) {
        this.store = store;
        this.runner = runner;
        this.check = check;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.stepTimeout = stepTimeout;
        this.retries = retries;
    }

    /** One call for one target: start, go on with, or end its plan. */
    public Pass advance(Turn t) throws IOException {
        Optional<UpgradeRecord> found;
        try {
            found = store.load(t.key());
        } catch (UnreadableRecord e) {
            return new Pass.Halted(e.getMessage() + ". " + UNREADABLE_REMEDY);
        }
        if (found.isEmpty()) return start(t);
        UpgradeRecord r = found.get();
        return switch (r.phase()) {
            case COMPLETED -> {
                store.clear(t.key());
                yield new Pass.Continue("plan " + r.planId() + " ended: " + r.message());
            }
            case HALTED -> halted(t, r);
            case RUNNING -> {
                Optional<String> mismatch = check.mismatch(t.catalog(), r.request(), r.plan());
                yield mismatch.isPresent() ? halt(t.key(), r, mismatch.get()) : forward(t, r);
            }
            case ROLLING_BACK -> back(t, r);
        };
    }

    private Pass start(Turn t) throws IOException {
        if (t.approved().isEmpty()) return new Pass.Idle("held back: the policy does not allow a new plan now");
        Approved a = t.approved().get();
        if (a.path().isEmpty()) return new Pass.Idle("runs " + t.desired() + " as Git asks");
        UpgradeRecord r = UpgradeRecord.start(UUID.randomUUID().toString().substring(0, 8), t.desiredCommit(), a.request(), a.path(),
                t.catalog().identity().toString(), clock.instant());
        store.save(t.key(), r);
        audit.planned(t.key(), r);
        return new Pass.Continue("planned " + a.path().summary());
    }

    /** A halted target stays so until Git changes: then the next pass plans again from what runs. */
    private Pass halted(Turn t, UpgradeRecord r) throws IOException {
        if (r.desiredCommit().equals(t.desiredCommit())) return new Pass.Halted(r.message());
        store.clear(t.key());
        return new Pass.Continue("Git changed since the halt: planning again");
    }

    private Pass halt(TargetKey key, UpgradeRecord r, String why) throws IOException {
        String message = "halted before step " + (r.stepIndex() + 1) + " of hop " + (r.hopIndex() + 1) + ": " + why
                + ". No step of another path runs. To go on: run the milvus-gitops version that started plan " + r.planId()
                + " (catalog " + r.catalog() + "), or push a commit to the fleet: the next plan starts from what runs then";
        store.save(key, r.at(r.hopIndex(), r.stepIndex(), Phase.HALTED, Optional.empty(), 0, message, clock.instant()));
        audit.event(key, r, AuditEvent.HALTED, why);
        return new Pass.Halted(message);
    }

    private Pass forward(Turn t, UpgradeRecord r) throws IOException {
        List<Hop> hops = r.plan().hops();
        Hop hop = r.hop();
        if (r.stepIndex() < hop.steps().size()) return runStep(t, r, hop.steps(), false);
        UpgradeRecord next = r.stable(hop.to());
        if (r.hopIndex() + 1 == hops.size()) {
            store.save(t.key(), next.at(r.hopIndex(), r.stepIndex(), Phase.COMPLETED, Optional.empty(), 0, "upgraded to " + hop.to(), clock.instant()));
            audit.event(t.key(), r, AuditEvent.COMPLETED, "runs " + hop.to());
            return new Pass.Continue("upgraded to " + hop.to());
        }
        if (!t.desired().equals(r.planTo())) {
            // A new desired version arrived mid-plan: the running hop finished; the next pass plans again from here.
            store.save(t.key(), next.at(r.hopIndex(), r.stepIndex(), Phase.COMPLETED, Optional.empty(), 0,
                    "superseded by " + t.desired() + " after the hop to " + hop.to(), clock.instant()));
            audit.event(t.key(), r, AuditEvent.SUPERSEDED, "Git now asks for " + t.desired());
            return new Pass.Continue("superseded after " + hop.to());
        }
        store.save(t.key(), next.at(r.hopIndex() + 1, 0, Phase.RUNNING, Optional.empty(), 0, "hop to " + hop.to() + " done", clock.instant()));
        return new Pass.Continue("hop to " + hop.to() + " done");
    }

    private Pass back(Turn t, UpgradeRecord r) throws IOException {
        Hop hop = r.hop();
        if (r.stepIndex() < hop.rollback().size()) return runStep(t, r, hop.rollback(), true);
        String why = r.failure().orElse(r.message());
        String message = "rolled back to " + hop.from() + " after: " + why;
        store.save(t.key(), r.at(r.hopIndex(), r.stepIndex(), Phase.HALTED, Optional.empty(), 0, message, clock.instant()));
        audit.event(t.key(), r, AuditEvent.ROLLED_BACK, why);
        return new Pass.Halted(message);
    }

    private Pass runStep(Turn t, UpgradeRecord r, List<Step> steps, boolean rollingBack) throws IOException {
        Step step = steps.get(r.stepIndex());
        UpgradeRecord started = r;
        if (r.stepStartedAt().isEmpty()) {
            // Write-ahead: the record names the step before anything acts.
            started = r.at(r.hopIndex(), r.stepIndex(), r.phase(), Optional.of(clock.instant()), r.attempts(), step.describe(), clock.instant());
            store.save(t.key(), started);
        }
        StepOutcome outcome = run(t, started, step);
        return switch (outcome) {
            case StepOutcome.Done d -> {
                audit.stepDone(t.key(), started, step, d.what());
                finished(t.key(), started, step, true);
                store.save(t.key(), started.at(r.hopIndex(), r.stepIndex() + 1, r.phase(), Optional.empty(), 0, d.what(), clock.instant()));
                yield new Pass.Continue(d.what());
            }
            case StepOutcome.InProgress p -> Pass.waitFor(p.recheckAfter(), p.waitingFor());
            case StepOutcome.Failed f -> failed(t.key(), started, step, f, rollingBack);
        };
    }

    /** The step's own log lines carry the plan and the step, beside the environment, target and commit. */
    private StepOutcome run(Turn t, UpgradeRecord started, Step step) {
        StepContext ctx = new StepContext(t.target(), started.hop(), started.stepIndex(), started.planId(), started.stepStartedAt().orElseThrow(),
                stepTimeout);
        MDC.put("plan", started.planId());
        MDC.put("step", started.hopIndex() + "." + started.stepIndex() + " " + step.type());
        try {
            return runner.execute(ctx, step);
        } finally {
            MDC.remove("plan");
            MDC.remove("step");
        }
    }

    private Pass failed(TargetKey key, UpgradeRecord started, Step step, StepOutcome.Failed f, boolean rollingBack) throws IOException {
        metrics.stepFailed(key, f.reason());
        Optional<Duration> retry = f.retryable() ? retries.nextDelay(started.attempts()) : Optional.empty();
        if (retry.isPresent()) {
            store.save(key, started.at(started.hopIndex(), started.stepIndex(), started.phase(), started.stepStartedAt(), started.attempts() + 1,
                    f.message(), clock.instant()));
            return Pass.waitFor(retry.get(), "retry: " + f.message());
        }
        audit.stepFailed(key, started, step, f);
        finished(key, started, step, false);
        if (rollingBack) {
            String message = "rollback failed at '" + step.describe() + "': " + f.message() + "; an operator must act"
                    + started.failure().map(w -> " (the hop failed first: " + w + ")").orElse("");
            store.save(key, started.at(started.hopIndex(), started.stepIndex(), Phase.HALTED, Optional.empty(), 0, message, clock.instant()));
            audit.event(key, started, AuditEvent.HALTED, message);
            return new Pass.Halted("rollback failed: " + f.message());
        }
        if (started.hop().steps().subList(0, started.stepIndex() + 1).stream().allMatch(Step::leavesDeploymentAsItIs)) {
            // Nothing of the hop changed the deployment (a check, a backup): its rollback would stop Milvus to undo nothing.
            String message = "stopped before the hop to " + started.hop().to() + " changed anything, at '" + step.describe() + "': " + f.message()
                    + "; the target runs " + started.hop().from() + " as before. Push a commit to the fleet to try again";
            store.save(key, started.at(started.hopIndex(), started.stepIndex(), Phase.HALTED, Optional.empty(), 0, message, clock.instant()));
            audit.event(key, started, AuditEvent.HALTED, message);
            return new Pass.Halted(message);
        }
        String why = f.reason() + " at '" + step.describe() + "': " + f.message();
        store.save(key, started.at(started.hopIndex(), 0, Phase.ROLLING_BACK, Optional.empty(), 0, why, clock.instant()).failedWith(why));
        return new Pass.Continue("rolling back: " + f.message());
    }

    private void finished(TargetKey key, UpgradeRecord started, Step step, boolean ok) {
        Duration took = Duration.between(started.stepStartedAt().orElse(clock.instant()), clock.instant());
        metrics.stepFinished(key, step.type(), took, ok);
    }
}
