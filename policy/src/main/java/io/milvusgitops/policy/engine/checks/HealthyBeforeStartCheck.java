package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.time.HumanTime;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.util.List;

/** {@code healthyBeforeStart} (on by default): never start an upgrade on a target that is not healthy. */
public final class HealthyBeforeStartCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        if (!rules.healthyBeforeStartRequired() || c.live().isEmpty() || c.upgrading()) return List.of();
        LiveTarget l = c.live().get();
        return l.healthy() ? List.of() : List.of(Objection.deny("healthy-before-start",
                c.target().name() + " is " + l.health() + " since " + HumanTime.at(l.since()), "repair it until it is Healthy, then the plan may start"));
    }
}
