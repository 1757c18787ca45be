package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.policy.version.Version;
import java.time.Instant;
import java.util.Optional;

/**
 * The write-ahead record of one target's upgrade, saved before every step and after its outcome: a
 * restart at any moment finds the plan (fixed by its from/to versions), the hop and step, the phase,
 * and the last version the target ran stable. A step whose record says "started" is called again
 * after a restart; steps find their own earlier work, so nothing runs twice in effect and nothing is
 * skipped.
 */
public record UpgradeRecord(String planId, String desiredCommit, Version planFrom, Version planTo, int hopIndex, int stepIndex,
                            Phase phase, Version lastStable, Optional<Instant> stepStartedAt, int attempts, String message,
                            Instant updatedAt) {

    public enum Phase {
        /** Executing the steps of hop {@code hopIndex}. */
        RUNNING,
        /** A step failed for good: executing the hop's rollback steps. */
        ROLLING_BACK,
        /** Rolled back (or the rollback failed): nothing more happens until Git changes or an operator acts. */
        HALTED,
        /** Every hop is done. */
        COMPLETED
    }

    UpgradeRecord step(int hop, int step, Phase p, Optional<Instant> started, int tries, String msg, Instant now) {
        return new UpgradeRecord(planId, desiredCommit, planFrom, planTo, hop, step, p, lastStable, started, tries, msg, now);
    }

    UpgradeRecord stable(Version v) {
        return new UpgradeRecord(planId, desiredCommit, planFrom, planTo, hopIndex, stepIndex, phase, v, stepStartedAt, attempts, message,
                updatedAt);
    }
}
