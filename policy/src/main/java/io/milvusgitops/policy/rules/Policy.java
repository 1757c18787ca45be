package io.milvusgitops.policy.rules;

import java.util.Map;

/** The fleet's policy: default rules and, per environment, the rules that replace them. */
public record Policy(RuleSet defaults, Map<String, RuleSet> environments) {

    public static final Policy DEFAULTS = new Policy(RuleSet.EMPTY, Map.of());

    public Policy {
        environments = Map.copyOf(environments);
    }

    /** The effective rules of an environment. */
    public RuleSet rulesFor(String environment) {
        return defaults.overriddenBy(environments.getOrDefault(environment, RuleSet.EMPTY));
    }
}
