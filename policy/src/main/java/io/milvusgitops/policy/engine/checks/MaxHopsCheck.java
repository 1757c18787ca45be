package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.util.List;

/** {@code maxHops}: a plan longer than this is too big a jump for one commit. */
public final class MaxHopsCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        if (rules.maxHops().isEmpty()) return List.of();
        int max = rules.maxHops().get();
        return c.upgradePath().filter(p -> p.hops().size() > max)
                .map(p -> List.of(Objection.deny("max-hops", "the plan has " + p.hops().size() + " hops, more than " + max,
                        "go in smaller steps: set milvusVersion to " + p.hops().get(max - 1).to() + " first")))
                .orElse(List.of());
    }
}
