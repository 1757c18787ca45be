package io.milvusgitops.daemon.driver;

import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.policy.path.Step;

/** The driver of a target, as the executor sees it: one step per call. */
@FunctionalInterface
public interface StepRunner {

    StepOutcome execute(StepContext ctx, Step step);
}
