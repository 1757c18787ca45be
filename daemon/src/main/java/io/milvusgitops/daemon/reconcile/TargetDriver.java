package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.util.Optional;

/** What the reconciler needs of any driver (Helm, Operator, Compose): observe a target, run a step. */
public interface TargetDriver extends StepRunner {

    /** What runs: the one version all components run (empty while an upgrade is half done), and the health. */
    record Observed(Optional<Version> version, Version lowest, Health health) {
    }

    /** Empty when the target does not exist (yet). Never changes anything. */
    Optional<Observed> observe(Target target) throws IOException;

    @Override
    StepOutcome execute(StepContext ctx, Step step);
}
