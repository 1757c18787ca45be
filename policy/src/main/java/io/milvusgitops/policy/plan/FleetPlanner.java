package io.milvusgitops.policy.plan;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.engine.DesiredCommit;
import io.milvusgitops.policy.engine.PolicyContext;
import io.milvusgitops.policy.engine.PolicyEngine;
import io.milvusgitops.policy.engine.TargetCase;
import io.milvusgitops.policy.engine.Verdict;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Refusal;
import io.milvusgitops.policy.path.UpgradePlanner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * For every target of the fleet: drift, path and verdict. The whole desired state is planned each
 * time (level-triggered), not the latest change. Pure; the clock is injected.
 */
public final class FleetPlanner {

    private final UpgradePlanner planner;
    private final PolicyEngine engine = new PolicyEngine();
    private final Clock clock;

    public FleetPlanner(VersionCatalog catalog, Clock clock) {
        this.planner = new UpgradePlanner(catalog);
        this.clock = clock;
    }

    public FleetPlan plan(Fleet fleet, LiveFleet live, DesiredCommit commit, Predicate<Environment> environments) {
        Instant now = clock.instant();
        PolicyContext ctx = new PolicyContext(fleet, live, commit, now);
        List<TargetPlan> out = new ArrayList<>();
        for (Environment env : fleet.inPromotionOrder()) {
            if (!environments.test(env)) continue;
            List<TargetCase> drifting = new ArrayList<>();
            List<TargetPlan> rows = new ArrayList<>();
            for (Target t : env.targets()) {
                Optional<LiveTarget> l = live.target(env.name(), t.name());
                PathResult path = path(env, t, l);
                TargetPlan row = new TargetPlan(env, t, l, path, Optional.empty());
                rows.add(row);
                if (row.drift()) drifting.add(new TargetCase(env, t, l, path));
            }
            Map<String, Verdict> verdicts = engine.evaluate(drifting, ctx);
            for (TargetPlan r : rows) {
                out.add(new TargetPlan(r.environment(), r.target(), r.live(), r.path(), Optional.ofNullable(verdicts.get(r.target().name()))));
            }
        }
        return new FleetPlan(now, commit, out);
    }

    private PathResult path(Environment env, Target t, Optional<LiveTarget> l) {
        if (l.isEmpty()) {
            return new PathResult.Refused(new Refusal.Unsupported("no live state for " + env.name() + "/" + t.name(),
                    "the live version is unknown, so no path can be planned", ""));
        }
        PathRequest req = new PathRequest(l.get().version(), env.milvusVersion(), t.method(), t.mode(), t.messageQueue(),
                l.get().mode(), PathRequest.Strategy.AUTO);
        return planner.plan(req);
    }
}
