package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.rules.PromotionGate;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.time.Durations;
import io.milvusgitops.policy.time.HumanTime;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import io.milvusgitops.policy.version.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The promotion gate: an environment moves only to a version that every target of the environment
 * before it already runs, healthy, for at least the soak time. Not there yet is a wait for an
 * event; there but not long enough is a wait until the soak ends.
 */
public final class PromotionGateCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        Optional<PromotionGate> gate = rules.promotionGate();
        Optional<String> upstreamName = c.environment().promoteFrom();
        if (gate.isEmpty() || upstreamName.isEmpty()) return List.of();
        Environment upstream = ctx.fleet().environment(upstreamName.get()).orElseThrow();
        Version wanted = c.environment().milvusVersion();
        List<String> notThere = new ArrayList<>();
        for (var t : upstream.targets()) {
            Optional<LiveTarget> l = ctx.live().target(upstream.name(), t.name());
            if (l.isEmpty()) {
                notThere.add(t.name() + " (no live state)");
            } else if (!l.get().version().equals(wanted) || !l.get().healthy()) {
                notThere.add(t.name() + " runs " + l.get().version() + " " + l.get().health());
            }
        }
        String soak = Durations.format(gate.get().soak());
        if (!notThere.isEmpty()) {
            return List.of(Objection.waitFor("promotion-gate", upstream.name() + " does not run " + wanted + " healthy yet: "
                    + String.join(", ", notThere), "promote " + wanted + " to " + upstream.name() + " first; it must run healthy for " + soak));
        }
        Instant soaked = soakedAt(upstream, gate.get(), ctx);
        if (ctx.now().isBefore(soaked)) {
            return List.of(Objection.waitUntil("promotion-gate", soaked, upstream.name() + " runs " + wanted + " healthy since "
                    + HumanTime.at(soaked.minus(gate.get().soak())) + ", less than the soak time of " + soak, "the soak ends at " + HumanTime.at(soaked)));
        }
        return List.of();
    }

    @Override
    public Optional<Instant> allowedFrom(TargetCase c, RuleSet rules, PolicyContext ctx, Instant t) {
        if (rules.promotionGate().isEmpty() || c.environment().promoteFrom().isEmpty()) return Optional.of(t);
        Environment upstream = ctx.fleet().environment(c.environment().promoteFrom().get()).orElseThrow();
        Instant soaked = soakedAt(upstream, rules.promotionGate().get(), ctx);
        return Optional.of(soaked.isAfter(t) ? soaked : t);
    }

    /** The soak ends the soak time after the last upstream target became healthy on the version. */
    private static Instant soakedAt(Environment upstream, PromotionGate gate, PolicyContext ctx) {
        return upstream.targets().stream()
                .flatMap(t -> ctx.live().target(upstream.name(), t.name()).stream())
                .map(LiveTarget::since).max(Comparator.naturalOrder())
                .map(s -> s.plus(gate.soak())).orElse(Instant.MAX);
    }
}
