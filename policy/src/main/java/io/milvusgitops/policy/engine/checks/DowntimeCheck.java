package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.util.List;

/** {@code allowDowntime: false}: no hop of the plan may stop the service. */
public final class DowntimeCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        if (rules.downtimeAllowed()) return List.of();
        return c.upgradePath().stream().flatMap(p -> p.hops().stream()).filter(Hop::downtime).findFirst()
                .map(h -> List.of(Objection.deny("allow-downtime", "the plan has a " + h.kind() + " hop " + h.from() + " -> " + h.to()
                        + ", which needs downtime", "allow downtime for this environment, or choose a version reachable by rolling hops")))
                .orElse(List.of());
    }
}
