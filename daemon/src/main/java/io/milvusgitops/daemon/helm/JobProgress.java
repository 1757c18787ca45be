package io.milvusgitops.daemon.helm;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import java.time.Clock;
import java.time.Duration;

/** Where a tool Job (meta migration, MilvusDM) stands, as a step outcome. */
final class JobProgress {

    private JobProgress() {
    }

    static StepOutcome of(Job job, String what, String done, StepContext ctx, Clock clock, Duration recheck) {
        var st = job.getStatus();
        String name = job.getMetadata().getName();
        if (st != null && st.getSucceeded() != null && st.getSucceeded() > 0) {
            return new StepOutcome.Done(done);
        }
        if (st != null && st.getFailed() != null && st.getFailed() > 0) {
            return StepOutcome.Failed.fatal(FailureReason.JOB_FAILED, what + " Job " + name + " failed; see its logs");
        }
        if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
            return StepOutcome.Failed.fatal(FailureReason.JOB_FAILED, what + " Job " + name + " did not finish within " + ctx.timeout());
        }
        return new StepOutcome.InProgress(recheck, what + " Job " + name);
    }
}
