package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.version.VersionRange;
import java.util.List;
import java.util.Optional;

/**
 * One row of the catalog's upgrade table: from versions in {@code from} to versions in {@code to},
 * for deployments in {@code scope}, a hop of {@code kind} is the documented way, or, when
 * {@code refusal} is present, there is no way. {@code limitations} narrow where {@code kind} works;
 * there {@code otherwise} is used instead.
 *
 * @param mixCoordFirst a cluster runs MixCoord before this hop (the 2.6 guides); the planner puts an
 *                      enable-mixcoord hop before it unless the cluster is seen to run MixCoord already
 * @param helmValues    values the guide sets with its {@code helm upgrade} on this hop
 * @param minioImage    the MinIO image the guide moves a Compose project to on this hop
 */
public record UpgradeRule(
        String id,
        Optional<HopKind> kind,
        Optional<String> refusal,
        VersionRange from,
        VersionRange to,
        Scope scope,
        List<Limitation> limitations,
        Optional<HopKind> otherwise,
        Optional<String> migrationImage,
        Optional<String> tool,
        boolean resetThenReuseValues,
        Optional<Version> minimumOperator,
        boolean unconfirmed,
        boolean mixCoordFirst,
        List<HelmValueRule> helmValues,
        Optional<String> minioImage,
        String source,
        String note) {

    public UpgradeRule {
        limitations = List.copyOf(limitations);
        helmValues = List.copyOf(helmValues);
    }

    public boolean refuses() {
        return refusal.isPresent();
    }

    public boolean applies(Version f, Version t, DeployMethod method, DeployMode mode, MessageQueue mq) {
        return t.isAfter(f) && from.contains(f) && to.contains(t) && scope.covers(method, mode, mq);
    }

    /** The first limitation that holds for this deployment, if any. */
    public Optional<Limitation> limitationFor(DeployMethod method, DeployMode mode, MessageQueue mq) {
        return limitations.stream().filter(l -> l.scope().covers(method, mode, mq)).findFirst();
    }
}
