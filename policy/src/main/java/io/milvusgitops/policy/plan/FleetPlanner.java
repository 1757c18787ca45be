package io.milvusgitops.policy.plan;

import io.milvusgitops.policy.engine.PolicyEngine;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Refusal;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.verdict.DesiredCommit;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import io.milvusgitops.policy.verdict.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * For every target of the fleet: drift, path and verdict, with the fleet's catalog (the built-in one and
 * the fleet's additions). The whole desired state is planned each time (level-triggered), not the latest
 * change. Pure; the clock is injected.
 */
public final class FleetPlanner {

    private final PolicyEngine engine = new PolicyEngine();
    private final Clock clock;

    public FleetPlanner(Clock clock) {
        this.clock = clock;
    }

    public FleetPlan plan(Fleet fleet, LiveFleet live, DesiredCommit commit, Predicate<Environment> environments) {
        UpgradePlanner planner = new UpgradePlanner(fleet.catalog());
        Instant now = clock.instant();
        PolicyContext ctx = new PolicyContext(fleet, live, commit, now);
        List<TargetPlan> out = new ArrayList<>();
        for (Environment env : fleet.inPromotionOrder()) {
            if (!environments.test(env)) continue;
            List<TargetCase> drifting = new ArrayList<>();
            List<TargetPlan> rows = new ArrayList<>();
            for (Target t : env.targets()) {
                Optional<LiveTarget> l = live.target(env.name(), t.name());
                Optional<PathRequest> request = l.map(live1 -> request(env, t, live1));
                PathResult path = request.map(planner::plan).orElseGet(() -> unknownLive(env, t));
                TargetPlan row = new TargetPlan(env, t, l, request, path, Optional.empty());
                rows.add(row);
                if (row.drift()) drifting.add(new TargetCase(env, t, l, path));
            }
            Map<String, Verdict> verdicts = engine.evaluate(drifting, ctx);
            for (TargetPlan r : rows) {
                out.add(new TargetPlan(r.environment(), r.target(), r.live(), r.request(), r.path(),
                        Optional.ofNullable(verdicts.get(r.target().name()))));
            }
        }
        return new FleetPlan(now, commit, out);
    }

    private static PathResult unknownLive(Environment env, Target t) {
        return new PathResult.Refused(new Refusal.Unsupported("no live state for " + TargetKey.of(env, t),
                "the live version is unknown, so no path can be planned", ""));
    }

    /**
     * What the planner is asked for a target: from what runs (in the mode, with the queue and layout it runs
     * with, where they were observed) to what Git asks.
     */
    private static PathRequest request(Environment env, Target t, LiveTarget live) {
        return new PathRequest(live.version(), env.milvusVersion(), t.method(), t.mode(), live.messageQueue().orElse(t.messageQueue()),
                live.mode(), PathRequest.Strategy.AUTO, live.layout());
    }
}
