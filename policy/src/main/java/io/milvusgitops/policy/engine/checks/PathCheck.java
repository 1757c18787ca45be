package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Refusal;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.util.List;

/** No path, no plan: a planner refusal is a denial. A downgrade is the always-on {@code no-downgrade} rule. */
public final class PathCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        if (c.live().isEmpty()) {
            return List.of(Objection.deny("live-state", "the live state of " + c.name() + " is unknown",
                    "make the target observable (or add it to the live snapshot)"));
        }
        if (!(c.path() instanceof PathResult.Refused r)) {
            return List.of();
        }
        if (r.refusal() instanceof Refusal.Downgrade d) {
            return List.of(Objection.deny("no-downgrade", "Git asks for " + d.to() + " but " + d.from() + " runs",
                    "set milvusVersion to " + d.from() + " or later; a rollback is not a plan"));
        }
        return List.of(Objection.deny("upgrade-path", r.refusal().reason(), "change the desired version or the target"));
    }
}
