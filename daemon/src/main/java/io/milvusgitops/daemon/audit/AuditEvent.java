package io.milvusgitops.daemon.audit;

import io.milvusgitops.policy.target.Named;
import java.util.Optional;

/**
 * What happened to a target, as the audit log writes it ({@link #id()}), notifications announce it,
 * Kubernetes Events name it ({@link #reason()}) and the metrics count it.
 */
public enum AuditEvent implements Named {
    /** A plan started, with the policy's leave. */
    PLANNED("planned", "UpgradePlanned", false, true),
    /** One step of a plan is done. */
    STEP_DONE("step-done", "StepDone", false, false),
    /** A step failed: retried, or the hop rolls back. */
    STEP_FAILED("step-failed", "StepFailed", true, true),
    /** Every hop is done: the target runs what Git asks. */
    COMPLETED("completed", "UpgradeCompleted", false, true),
    /** Git asked for another version while a hop ran: the plan ended after that hop. */
    SUPERSEDED("superseded", "PlanSuperseded", false, true),
    /** A failed hop was undone: the target runs its old version again. */
    ROLLED_BACK("rolled-back", "RolledBack", true, true),
    /** The target stopped for a person to act: a rollback failed, or the plan it ran no longer holds. */
    HALTED("halted", "UpgradeHalted", true, true),
    /** Policy has held a drifting target back for longer than notifications.blockedAfter. */
    BLOCKED("blocked", "", false, true);

    private final String id;
    private final String reason;
    private final boolean warning;
    private final boolean notified;

    AuditEvent(String id, String reason, boolean warning, boolean notified) {
        this.id = id;
        this.reason = reason;
        this.warning = warning;
        this.notified = notified;
    }

    @Override
    public String id() {
        return id;
    }

    /** The reason of the Kubernetes Event written for it; empty when it gets none (a block has no upgrade record to point at). */
    public Optional<String> reason() {
        return reason.isEmpty() ? Optional.empty() : Optional.of(reason);
    }

    /** Whether it is a warning (a Kubernetes Event of type Warning). */
    public boolean warning() {
        return warning;
    }

    /** Whether a person is told (webhook, Slack); single steps done are in the log and the metrics only. */
    public boolean notified() {
        return notified;
    }

    @Override
    public String toString() {
        return id;
    }
}
