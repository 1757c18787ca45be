package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One built-in rule type, looking at one target. */
public interface TargetCheck {

    List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx);

    /**
     * For rules that depend on time only: the earliest instant at or after {@code t} at which this rule
     * would not object, or empty if never (within its horizon). The engine uses it to find when every
     * time-based rule allows a plan at once (a freeze that overlaps a window, say).
     */
    default Optional<Instant> allowedFrom(TargetCase c, RuleSet rules, PolicyContext ctx, Instant t) {
        return Optional.of(t);
    }
}
