package io.milvusgitops.daemon.driver;

import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.driver.StepOutcome.InProgress;
import java.time.Clock;
import java.time.Duration;

/**
 * How a waiting step answers: done once its condition holds, else in progress (looked at again after
 * {@code recheck}) until the step's deadline ({@link StepContext#startedAt()} plus its timeout) has passed, then
 * failed with the reason for that wait.
 */
public record Deadline(Clock clock, Duration recheck) {

    public boolean passed(StepContext ctx) {
        return clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()));
    }

    public StepOutcome until(StepContext ctx, boolean condition, String waitingFor, FailureReason onTimeout) {
        if (condition) return new Done(waitingFor + ": done");
        if (passed(ctx)) return Failed.fatal(onTimeout, "gave up waiting for " + waitingFor + " after " + ctx.timeout());
        return new InProgress(recheck, waitingFor);
    }

    /** Not there yet: wait, or fail with {@code failure} once the deadline has passed. */
    public StepOutcome waiting(StepContext ctx, String waitingFor, FailureReason onTimeout, String failure) {
        if (passed(ctx)) return Failed.fatal(onTimeout, failure + " after " + ctx.timeout());
        return new InProgress(recheck, waitingFor);
    }
}
