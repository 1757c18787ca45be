package io.milvusgitops.daemon.driver;

import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.util.Optional;

/**
 * The contract of a deployment method's driver (Helm, Operator, Compose): observe a target, run one
 * step of a hop. A driver never plans: the steps come from the planner, through the plan the policy
 * approved. One class per method implements it; its observer lives beside it.
 */
public interface TargetDriver extends StepRunner {

    /**
     * What runs: the one version every component runs (empty while an upgrade is half done), the lowest
     * one, the health, and the shape of the deployment as it really is (mode, message queue, and the
     * {@link Layout} the upgrade depends on: Pulsar generation, coordinators, MinIO), which the planner uses
     * instead of what the fleet file claims when they differ.
     */
    record Observed(Optional<Version> version, Version lowest, Health health, DeployMode mode, MessageQueue messageQueue, Layout layout) {

        /** A driver that observes no layout: the planner says what it assumes. */
        public Observed(Optional<Version> version, Version lowest, Health health, DeployMode mode, MessageQueue messageQueue) {
            this(version, lowest, health, mode, messageQueue, Layout.UNKNOWN);
        }
    }

    /** Empty when the target does not exist (yet). Never changes anything. */
    Optional<Observed> observe(Target target) throws IOException;

    /** One call of one step: done, in progress (call again later) or failed. Never sleeps through a rollout. */
    @Override
    StepOutcome execute(StepContext ctx, Step step);

    /**
     * A driver that cannot work here, and says why: its targets' live state is unknown for that reason and
     * every step fails before it acts (a method not available, a Docker host the daemon is not given).
     */
    static TargetDriver unavailable(String why) {
        return new TargetDriver() {
            @Override
            public Optional<Observed> observe(Target target) throws IOException {
                throw new IOException(why);
            }

            @Override
            public StepOutcome execute(StepContext ctx, Step step) {
                return StepOutcome.Failed.fatal(FailureReason.PRECONDITION, why);
            }
        };
    }
}
