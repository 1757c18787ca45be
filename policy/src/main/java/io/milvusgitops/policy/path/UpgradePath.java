package io.milvusgitops.policy.path;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.util.List;

/** The ordered hops from the live version to the desired one; no hops means no drift. */
public record UpgradePath(Version from, Version to, DeployMethod method, DeployMode mode, MessageQueue messageQueue,
                          List<Hop> hops) {

    public UpgradePath {
        hops = List.copyOf(hops);
    }

    public boolean isEmpty() {
        return hops.isEmpty();
    }

    public boolean needsDowntime() {
        return hops.stream().anyMatch(Hop::downtime);
    }

    public long disruptiveHops() {
        return hops.stream().filter(Hop::disruptive).count();
    }
}
