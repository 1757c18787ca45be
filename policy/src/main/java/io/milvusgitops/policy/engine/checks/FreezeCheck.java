package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.rules.Freeze;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.time.HumanTime;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code freezes}: nothing starts inside a freeze; back-to-back freezes are one. */
public final class FreezeCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        Instant now = ctx.now();
        return rules.freezeList().stream().filter(f -> f.covers(now)).findFirst()
                .map(f -> {
                    Instant end = allowedFrom(c, rules, ctx, now).orElse(f.to());
                    return List.of(Objection.waitUntil("freeze", end, "frozen (" + f.reason() + ") from " + HumanTime.at(f.from()) + " to " + HumanTime.at(f.to()),
                            "wait until " + HumanTime.at(end) + ", or end the freeze in the policy"));
                })
                .orElse(List.of());
    }

    @Override
    public Optional<Instant> allowedFrom(TargetCase c, RuleSet rules, PolicyContext ctx, Instant t) {
        Instant at = t;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Freeze f : rules.freezeList()) {
                if (f.covers(at)) {
                    at = f.to();
                    moved = true;
                }
            }
        }
        return Optional.of(at);
    }
}
