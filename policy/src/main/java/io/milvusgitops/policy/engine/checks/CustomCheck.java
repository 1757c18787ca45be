package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.rules.CelCheck;
import io.milvusgitops.policy.rules.CustomRule;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.util.ArrayList;
import java.util.List;

/** Custom CEL rules: false is a denial with the rule's message; an evaluation error is a denial too, never an allow. */
public final class CustomCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        if (rules.customRules().isEmpty()) return List.of();
        var variables = CelVariables.of(c, ctx);
        List<Objection> out = new ArrayList<>();
        for (CustomRule r : rules.customRules()) {
            switch (r.compiled().evaluate(variables)) {
                case CelCheck.Outcome.True t -> { }
                case CelCheck.Outcome.False f -> out.add(Objection.deny("custom:" + r.name(),
                        (r.message().isEmpty() ? "the expression is false" : r.message()) + " [" + r.expression() + "]",
                        "the plan starts when the expression is true"));
                case CelCheck.Outcome.Error e -> out.add(Objection.deny("custom:" + r.name(),
                        "the expression could not be evaluated, so it denies: " + e.message() + " [" + r.expression() + "]",
                        "fix the expression in the policy file"));
            }
        }
        return out;
    }
}
