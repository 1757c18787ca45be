package io.milvusgitops.policy.plan;

import io.milvusgitops.policy.verdict.DesiredCommit;
import java.time.Instant;
import java.util.List;

/** The plan of a whole fleet at one instant: every target, in promotion order. */
public record FleetPlan(Instant at, DesiredCommit commit, List<TargetPlan> targets) {

    public FleetPlan {
        targets = List.copyOf(targets);
    }

    public boolean anyDrift() {
        return targets.stream().anyMatch(TargetPlan::drift);
    }

    /** Every drifting target may start now. */
    public boolean allDriftAllowed() {
        return targets.stream().filter(TargetPlan::drift).allMatch(TargetPlan::allowed);
    }
}
