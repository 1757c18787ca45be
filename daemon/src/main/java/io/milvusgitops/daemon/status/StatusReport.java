package io.milvusgitops.daemon.status;

import io.milvusgitops.daemon.git.LastChange;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.time.HumanTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The status API ({@code /api/v1/status}): what the daemon knows, as typed records. The page renders
 * it, {@code status -o json} prints the same records, and one JSON spelling serves all
 * ({@code output.Json}: versions and keys as text, enums by id, instants and durations in ISO-8601,
 * empty values left out).
 *
 * @param notice       a line every reader must see first (the demo says its clusters are simulated)
 * @param leader       who acts; empty where no daemon runs ({@code status} on the command line)
 * @param environments the environments in promotion order
 * @param history      the newest audit-log lines, newest first
 */
public record StatusReport(Instant at, Optional<String> notice, Git git, Optional<Leader> leader, List<EnvironmentStatus> environments,
                           List<TargetStatus> targets, List<PlanStatus> plans, List<HistoryItem> history) {

    public StatusReport {
        environments = List.copyOf(environments);
        targets = List.copyOf(targets);
        plans = List.copyOf(plans);
        history = List.copyOf(history);
    }

    /** The desired-state source. */
    public record Git(String url, String follows, String commit, boolean desiredStateValid, Optional<String> rejected,
                      Optional<String> lastError) {
    }

    /** Who acts: only the leader reconciles. */
    public record Leader(String identity, boolean leading, String leader) {
    }

    /**
     * One environment of the pipeline: the environment it is promoted from, the version Git asks of it,
     * and the commit that last changed its file (what set that version).
     */
    public record EnvironmentStatus(String name, Optional<String> promotedFrom, String desired, Optional<LastChange> change) {
    }

    /**
     * A plan and where it stands, from the target's upgrade record: hop {@code hop} of {@code hops} (1-based),
     * step {@code step} of {@code steps} of that hop (1-based; {@code steps + 1} once the hop's steps are done), the
     * whole pinned path with every step marked, how far the plan is ({@code stepsDone} of {@code stepsTotal} forward
     * steps), since when, and an estimate of what is left.
     *
     * @param stepName      the step the record stands at, for a person ("update querynode to ...")
     * @param stepStartedAt when that step started (write-ahead), while it runs
     * @param startedAt     when the plan started (its audit line), where the audit log still has it
     * @param left          the estimate of what is left, while the plan runs
     * @param failure       the step that failed for good and why (the audit log's line), once one has
     * @param remedy        what a person does about a halted plan
     */
    public record PlanStatus(TargetKey target, String plan, String commit, String from, String to, int hop, int hops, String hopKind,
                             int step, int steps, UpgradeRecord.Phase phase, String message, Instant updatedAt, Optional<String> stepName,
                             Optional<Instant> stepStartedAt, Optional<Instant> startedAt, int stepsDone, int stepsTotal,
                             Optional<Estimate> left, Optional<String> failure, Optional<String> remedy, List<HopStatus> path) {

        public PlanStatus {
            path = List.copyOf(path);
        }

        public boolean rollingBack() {
            return phase == UpgradeRecord.Phase.ROLLING_BACK;
        }
    }

    /** One hop of a pinned plan: its kind and versions, where it stands, its steps and the steps that undo it. */
    public record HopStatus(String kind, String from, String to, boolean downtime, HopState state, List<StepStatus> steps,
                            List<StepStatus> rollback) {

        public HopStatus {
            steps = List.copyOf(steps);
            rollback = List.copyOf(rollback);
        }
    }

    /** One step of a hop: its type ({@code update-component}), what it does, where it stands, and how long it took once done. */
    public record StepStatus(String type, String name, StepState state, Optional<Duration> took) {
    }

    public enum HopState { DONE, RUNNING, ROLLING_BACK, ROLLED_BACK, HALTED, PENDING }

    public enum StepState { DONE, RUNNING, FAILED, PENDING }

    /**
     * What is left of a plan, from how long steps of each type took so far (the audit log): at least
     * {@code left}; {@code untimed} steps are of a type that has not finished before and are not counted.
     */
    public record Estimate(Duration left, int untimed) {

        /** "about 8 min left"; "at least 8 min left (2 steps not timed yet)" when some step types have not run here before. */
        public String describe() {
            if (untimed == 0) return left.isZero() ? "should be done any moment" : "about " + HumanTime.duration(left) + " left";
            String notTimed = untimed + (untimed == 1 ? " step" : " steps") + " not timed yet";
            return left.isZero() ? "no estimate yet (" + notTimed + ")" : "at least " + HumanTime.duration(left) + " left (" + notTimed + ")";
        }
    }

    /**
     * One audit-log line.
     *
     * @param version what the target runs after it, where the line says
     * @param step    the step's type, for a step done or failed
     */
    public record HistoryItem(Instant at, String event, TargetKey target, String commit, String plan, String outcome, Optional<String> version,
                              Optional<String> step) {
    }

    public Optional<TargetStatus> target(TargetKey key) {
        return targets.stream().filter(t -> t.target().equals(key)).findFirst();
    }

    public Optional<PlanStatus> plan(TargetKey key) {
        return plans.stream().filter(p -> p.target().equals(key)).findFirst();
    }

    public Optional<EnvironmentStatus> environment(String name) {
        return environments.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
