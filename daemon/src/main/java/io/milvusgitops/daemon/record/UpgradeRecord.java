package io.milvusgitops.daemon.record;

import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.version.Version;
import java.time.Instant;
import java.util.Optional;

/**
 * The write-ahead record of one target's upgrade, saved before every step and after its outcome.
 *
 * <p>It pins the plan: the {@link PathRequest} the policy judged and the {@link UpgradePath} it approved,
 * whole, with the catalog that planned it. The executor runs the hops and steps of this plan and no
 * other; a restart at any moment finds the plan, the hop and step, the phase and the last version the
 * target ran stable. A step whose record says "started" is called again after a restart; steps find
 * their own earlier work, so nothing runs twice in effect and nothing is skipped.
 *
 * <p>{@code message} is the latest word (a step's outcome); {@code failure} is why the hop is rolled back, kept
 * through the rollback's own steps, so the halted record still says what went wrong.
 */
public record UpgradeRecord(String planId, String desiredCommit, PathRequest request, UpgradePath plan, String catalog,
                            int hopIndex, int stepIndex, Phase phase, Version lastStable, Optional<Instant> stepStartedAt,
                            int attempts, String message, Optional<String> failure, Instant updatedAt) {

    public enum Phase {
        /** Executing the steps of hop {@code hopIndex}. */
        RUNNING,
        /** A step failed for good: executing the hop's rollback steps. */
        ROLLING_BACK,
        /** Rolled back, the rollback failed, or the plan no longer holds: nothing more happens until Git changes. */
        HALTED,
        /** Every hop is done. */
        COMPLETED;

        /** A plan in this phase goes on whatever the policy says now (it started with the policy's leave). */
        public boolean inFlight() {
            return this == RUNNING || this == ROLLING_BACK;
        }
    }

    /** A new plan, before its first step: the record is saved before anything acts. */
    public static UpgradeRecord start(String planId, String desiredCommit, PathRequest request, UpgradePath plan, String catalog, Instant now) {
        return new UpgradeRecord(planId, desiredCommit, request, plan, catalog, 0, 0, Phase.RUNNING, plan.from(), Optional.empty(), 0,
                "plan " + plan.from() + " -> " + plan.to(), Optional.empty(), now);
    }

    public Version planFrom() {
        return plan.from();
    }

    public Version planTo() {
        return plan.to();
    }

    /** The hop the record stands in. */
    public Hop hop() {
        return plan.hops().get(hopIndex);
    }

    /** The same plan, at another step (or phase). */
    public UpgradeRecord at(int hop, int step, Phase p, Optional<Instant> started, int tries, String msg, Instant now) {
        return new UpgradeRecord(planId, desiredCommit, request, plan, catalog, hop, step, p, lastStable, started, tries, msg, failure, now);
    }

    /** The same record, rolling back because of {@code why}. */
    public UpgradeRecord failedWith(String why) {
        return new UpgradeRecord(planId, desiredCommit, request, plan, catalog, hopIndex, stepIndex, phase, lastStable, stepStartedAt, attempts,
                message, Optional.of(why), updatedAt);
    }

    /** The same record, with {@code v} as the last version the target ran stable. */
    public UpgradeRecord stable(Version v) {
        return new UpgradeRecord(planId, desiredCommit, request, plan, catalog, hopIndex, stepIndex, phase, v, stepStartedAt, attempts,
                message, failure, updatedAt);
    }
}
