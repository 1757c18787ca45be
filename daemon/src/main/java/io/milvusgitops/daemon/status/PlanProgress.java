package io.milvusgitops.daemon.status;

import io.milvusgitops.daemon.audit.AuditEvent;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.record.UpgradeRecord.Phase;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.status.StatusReport.Estimate;
import io.milvusgitops.daemon.status.StatusReport.HopState;
import io.milvusgitops.daemon.status.StatusReport.HopStatus;
import io.milvusgitops.daemon.status.StatusReport.PlanStatus;
import io.milvusgitops.daemon.status.StatusReport.StepState;
import io.milvusgitops.daemon.status.StatusReport.StepStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a plan stands, step by step: the upgrade record says at which hop, phase and step it is; the
 * plan's audit-log lines say which steps were done (and how long they took), which failed, and when
 * the plan started. Together they mark every step of the pinned plan done, running, failed or pending,
 * and with {@link StepDurations} estimate what is left.
 *
 * <p>A hop that failed shows its steps up to the failed one, then the rollback's; a plan the plan check
 * halted shows the step it stopped before as pending.
 */
public final class PlanProgress {

    /** What a person does about a halted plan: the executor runs nothing on it until the desired commit changes. */
    static final String HALTED_REMEDY = "Nothing more happens on this target until Git changes. Read why above, repair the deployment "
            + "if it needs it, then push a commit to the fleet repository (a new version, or a revert); the next plan starts from what runs then.";

    private final UpgradeRecord r;
    /** Step-done lines by hop, phase and step: when each step started and was done. */
    private final Map<String, AuditLog.Entry> done = new HashMap<>();
    /** Per hop: the forward step that failed for good, and the rollback step that failed. */
    private final Map<Integer, Integer> failedForward = new HashMap<>();
    private final Map<Integer, Integer> failedRollback = new HashMap<>();
    private Optional<Instant> startedAt = Optional.empty();
    /** The newest step that failed for good: "wait until every component is healthy: querynode is not ready ...". */
    private Optional<String> failure = Optional.empty();

    private PlanProgress(UpgradeRecord r, List<AuditLog.Entry> planLines) {
        this.r = r;
        for (AuditLog.Entry e : planLines) {
            if (e.event() == AuditEvent.PLANNED) startedAt = Optional.of(e.at());
            e.mark().ifPresent(m -> {
                switch (e.event()) {
                    case STEP_DONE -> done.put(key(m.hop(), m.rollingBack(), m.step()), e);
                    case STEP_FAILED -> {
                        (m.rollingBack() ? failedRollback : failedForward).put(m.hop(), m.step());
                        failure = Optional.of(stepName(m) + ": " + e.outcome());
                    }
                    case PLANNED, COMPLETED, SUPERSEDED, ROLLED_BACK, HALTED, BLOCKED -> { }
                }
            });
        }
    }

    /**
     * The status of {@code r}'s plan for {@code target}, given the audit-log lines of that plan (any order) and the
     * step durations seen so far.
     */
    public static PlanStatus of(TargetKey target, UpgradeRecord r, List<AuditLog.Entry> planLines, StepDurations durations, Instant now) {
        return new PlanProgress(r, planLines).status(target, durations, now);
    }

    private PlanStatus status(TargetKey target, StepDurations durations, Instant now) {
        List<HopStatus> path = new ArrayList<>();
        for (int h = 0; h < r.plan().hops().size(); h++) {
            path.add(hop(h));
        }
        int total = r.plan().hops().stream().mapToInt(h -> h.steps().size()).sum();
        int doneSteps = (int) path.stream().flatMap(h -> h.steps().stream()).filter(s -> s.state() == StepState.DONE).count();
        List<Step> phaseSteps = r.phase() == Phase.ROLLING_BACK ? r.hop().rollback() : r.hop().steps();
        Optional<String> stepName = r.phase().inFlight() && r.stepIndex() < phaseSteps.size()
                ? Optional.of(phaseSteps.get(r.stepIndex()).describe()) : Optional.empty();
        return new PlanStatus(target, r.planId(), r.desiredCommit(), r.planFrom().toString(), r.planTo().toString(), r.hopIndex() + 1,
                r.plan().hops().size(), r.hop().kind().id(), r.stepIndex() + 1, phaseSteps.size(), r.phase(), r.message(), r.updatedAt(),
                stepName, r.phase().inFlight() ? r.stepStartedAt() : Optional.empty(), startedAt, doneSteps, total,
                r.phase().inFlight() ? Optional.of(left(durations, now)) : Optional.empty(), failure,
                r.phase() == Phase.HALTED ? Optional.of(HALTED_REMEDY) : Optional.empty(), path);
    }

    /** The step a line names, as the plan describes it; its type where the plan has no such step. */
    private String stepName(AuditLog.Mark m) {
        if (m.hop() >= r.plan().hops().size()) return m.type().orElse("a step");
        Hop hop = r.plan().hops().get(m.hop());
        List<Step> steps = m.rollingBack() ? hop.rollback() : hop.steps();
        return m.step() < steps.size() ? steps.get(m.step()).describe() : m.type().orElse("a step");
    }

    private HopStatus hop(int h) {
        Hop hop = r.plan().hops().get(h);
        int at = r.hopIndex();
        if (h < at || r.phase() == Phase.COMPLETED && h == at) {
            return status(hop, HopState.DONE, steps(h, false, hop.steps(), j -> StepState.DONE), List.of());
        }
        if (h > at) {
            return status(hop, HopState.PENDING, steps(h, false, hop.steps(), j -> StepState.PENDING), List.of());
        }
        OptionalInt failed = failedForward.containsKey(h) ? OptionalInt.of(failedForward.get(h)) : OptionalInt.empty();
        if (r.phase() == Phase.RUNNING || failed.isEmpty()) {
            // Running, or halted by the plan check before step stepIndex: the steps before it are done, it runs or waits.
            boolean running = r.phase() == Phase.RUNNING;
            return status(hop, running ? HopState.RUNNING : HopState.HALTED, steps(h, false, hop.steps(),
                    j -> j < r.stepIndex() ? StepState.DONE : j == r.stepIndex() && running ? StepState.RUNNING : StepState.PENDING), List.of());
        }
        // The hop failed at step `failed` and rolls back (or did).
        int f = failed.getAsInt();
        List<StepStatus> forward = steps(h, false, hop.steps(), j -> j < f ? StepState.DONE : j == f ? StepState.FAILED : StepState.PENDING);
        if (r.phase() == Phase.ROLLING_BACK) {
            return status(hop, HopState.ROLLING_BACK, forward, steps(h, true, hop.rollback(),
                    j -> j < r.stepIndex() ? StepState.DONE : j == r.stepIndex() ? StepState.RUNNING : StepState.PENDING));
        }
        Integer rollbackFailed = failedRollback.get(h);
        if (rollbackFailed == null) {
            return status(hop, HopState.ROLLED_BACK, forward, steps(h, true, hop.rollback(), j -> StepState.DONE));
        }
        return status(hop, HopState.HALTED, forward, steps(h, true, hop.rollback(),
                j -> j < rollbackFailed ? StepState.DONE : j == rollbackFailed ? StepState.FAILED : StepState.PENDING));
    }

    private static HopStatus status(Hop hop, HopState state, List<StepStatus> steps, List<StepStatus> rollback) {
        return new HopStatus(hop.kind().id(), hop.from().toString(), hop.to().toString(), hop.downtime(), state, steps, rollback);
    }

    @FunctionalInterface
    private interface StateOf {
        StepState of(int step);
    }

    private List<StepStatus> steps(int hop, boolean rollback, List<Step> steps, StateOf state) {
        List<StepStatus> out = new ArrayList<>();
        for (int j = 0; j < steps.size(); j++) {
            StepState s = state.of(j);
            Optional<Duration> took = s == StepState.DONE ? Optional.ofNullable(done.get(key(hop, rollback, j))).flatMap(PlanProgress::took)
                    : Optional.empty();
            out.add(new StepStatus(steps.get(j).type(), steps.get(j).describe(), s, took));
        }
        return out;
    }

    private static Optional<Duration> took(AuditLog.Entry stepDone) {
        return stepDone.mark().flatMap(AuditLog.Mark::startedAt).map(start -> Duration.between(start, stepDone.at()).truncatedTo(ChronoUnit.SECONDS));
    }

    /** The steps still to run (this one included, less the time it has run), at their typical durations. */
    private Estimate left(StepDurations durations, Instant now) {
        List<Step> remaining = new ArrayList<>();
        if (r.phase() == Phase.ROLLING_BACK) {
            remaining.addAll(tail(r.hop().rollback(), r.stepIndex()));
        } else {
            remaining.addAll(tail(r.hop().steps(), r.stepIndex()));
            r.plan().hops().stream().skip(r.hopIndex() + 1L).forEach(h -> remaining.addAll(h.steps()));
        }
        Duration left = Duration.ZERO;
        int untimed = 0;
        for (int i = 0; i < remaining.size(); i++) {
            Optional<Duration> typical = durations.typical(remaining.get(i).type());
            if (typical.isEmpty()) {
                untimed++;
                continue;
            }
            Duration d = typical.get();
            if (i == 0 && r.stepStartedAt().isPresent()) {
                Duration ran = Duration.between(r.stepStartedAt().get(), now);
                d = ran.compareTo(d) >= 0 ? Duration.ZERO : d.minus(ran);
            }
            left = left.plus(d);
        }
        return new Estimate(left.truncatedTo(ChronoUnit.SECONDS), untimed); // people's units: "about 8 min left"
    }

    private static List<Step> tail(List<Step> steps, int from) {
        return from >= steps.size() ? List.of() : steps.subList(from, steps.size());
    }

    private static String key(int hop, boolean rollback, int step) {
        return hop + (rollback ? "/back/" : "/") + step;
    }
}
