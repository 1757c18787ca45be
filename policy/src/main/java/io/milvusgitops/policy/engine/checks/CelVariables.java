package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.live.HistoryEntry;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The variables a custom CEL rule sees (docs/policy.md lists them). Plain maps, lists, strings, ints, bools and timestamps. */
final class CelVariables {

    private CelVariables() {
    }

    static Map<String, Object> of(TargetCase c, PolicyContext ctx) {
        Map<String, Object> environment = new HashMap<>();
        environment.put("name", c.environment().name());
        environment.put("desiredVersion", c.environment().milvusVersion().toString());
        environment.put("promoteFrom", c.environment().promoteFrom().orElse(""));
        environment.put("targets", (long) c.environment().targets().size());

        Map<String, Object> target = new HashMap<>();
        target.put("name", c.target().name());
        target.put("method", c.target().method().id());
        target.put("mode", c.target().mode().id());
        target.put("messageQueue", c.target().messageQueue().id());
        target.put("canary", c.target().canary());
        target.put("liveVersion", c.live().map(l -> l.version().toString()).orElse(""));
        target.put("health", c.live().map(l -> l.health().id()).orElse("Unknown"));
        target.put("since", c.live().map(LiveTarget::since).orElse(Instant.EPOCH));
        target.put("upgrading", c.upgrading());

        Map<String, Object> plan = new HashMap<>();
        List<Object> hops = new ArrayList<>();
        for (Hop h : c.upgradePath().map(p -> p.hops()).orElse(List.of())) {
            hops.add(Map.of("kind", h.kind().id(), "from", h.from().toString(), "to", h.to().toString(), "downtime", h.downtime()));
        }
        plan.put("hops", hops);
        plan.put("hopCount", (long) hops.size());
        plan.put("downtime", c.upgradePath().map(p -> p.needsDowntime()).orElse(false));
        plan.put("from", c.live().map(l -> l.version().toString()).orElse(""));
        plan.put("to", c.environment().milvusVersion().toString());
        plan.put("commit", ctx.commit().id());

        List<Object> history = new ArrayList<>();
        for (HistoryEntry e : c.live().map(LiveTarget::history).orElse(List.of())) {
            history.add(Map.of("at", e.at(), "from", e.from().toString(), "to", e.to().toString(), "outcome", e.outcome().id()));
        }
        return Map.of("environment", environment, "target", target, "plan", plan, "history", history, "now", ctx.now());
    }
}
