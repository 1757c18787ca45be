package io.milvusgitops.policy.verdict;

import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePath;
import java.util.Optional;

/** One target with drift: what Git wants, what runs, and the planner's answer. */
public record TargetCase(Environment environment, Target target, Optional<LiveTarget> live, PathResult path) {

    public Optional<UpgradePath> upgradePath() {
        return path instanceof PathResult.Found f ? Optional.of(f.path()) : Optional.empty();
    }

    /** The hop that would start now: the first of the path. */
    public Optional<Hop> nextHop() {
        return upgradePath().filter(p -> !p.hops().isEmpty()).map(p -> p.hops().get(0));
    }

    public boolean upgrading() {
        return live.map(l -> l.upgrading()).orElse(false);
    }

    public String name() {
        return TargetKey.of(environment, target).toString();
    }
}
