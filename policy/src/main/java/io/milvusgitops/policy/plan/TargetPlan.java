package io.milvusgitops.policy.plan;

import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.verdict.Verdict;
import io.milvusgitops.policy.version.Version;
import java.util.Optional;

/**
 * One target's line of a plan: what Git wants, what runs, whether they differ, the path between
 * them, and the policy's verdict on starting it now (empty when there is no drift).
 */
public record TargetPlan(Environment environment, Target target, Optional<LiveTarget> live, Optional<PathRequest> request,
                         PathResult path, Optional<Verdict> verdict) {

    public TargetKey key() {
        return TargetKey.of(environment, target);
    }

    /** The path the policy approved: present when a path was found and the verdict lets it start now. */
    public Optional<UpgradePath> approvedPath() {
        return allowed() && path instanceof PathResult.Found f ? Optional.of(f.path()) : Optional.empty();
    }

    public Version desired() {
        return environment.milvusVersion();
    }

    /** Drift: the live version differs from Git's, or the live state is unknown. */
    public boolean drift() {
        return live.map(l -> !l.version().equals(desired())).orElse(true);
    }

    /** A drifting target whose plan may start now. */
    public boolean allowed() {
        return verdict.map(v -> v instanceof Verdict.Allow).orElse(false);
    }
}
