package io.milvusgitops.daemon.driver;

import java.time.Duration;

/**
 * What executing one step did. Steps are level-triggered: a step that waits (a rollout, a Job)
 * answers {@link InProgress} and is called again after {@code recheckAfter}; it never sleeps.
 */
public sealed interface StepOutcome {

    /** The step's effect is in place; the next step may run. */
    record Done(String what) implements StepOutcome {
    }

    /** Not there yet: call the step again after {@code recheckAfter}. */
    record InProgress(Duration recheckAfter, String waitingFor) implements StepOutcome {
    }

    /**
     * The step failed. Retryable: try the same step again later (the cluster was unreachable, a
     * conflict). Fatal: the hop cannot go on; the executor runs the hop's rollback.
     */
    record Failed(boolean retryable, FailureReason reason, String message) implements StepOutcome {
        public static Failed fatal(FailureReason reason, String message) {
            return new Failed(false, reason, message);
        }

        public static Failed retryable(FailureReason reason, String message) {
            return new Failed(true, reason, message);
        }
    }
}
