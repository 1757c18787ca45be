package io.milvusgitops.policy.path;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.util.Objects;
import java.util.Optional;

/**
 * What the planner needs to know about a deployment. {@code liveMode} is the mode it runs in when
 * that differs from the desired {@code mode} (a mode change); {@code strategy} can demand a path
 * without downtime.
 */
public record PathRequest(Version from, Version to, DeployMethod method, DeployMode mode, MessageQueue messageQueue,
                          Optional<DeployMode> liveMode, Strategy strategy) {

    public enum Strategy {
        /** The fewest disruptive hops, downtime allowed where the documented path needs it. */
        AUTO,
        /** Only hops without downtime; refuse otherwise, saying why. */
        NO_DOWNTIME
    }

    public PathRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(messageQueue, "messageQueue");
        liveMode = liveMode.filter(m -> m != mode);
    }

    public static PathRequest of(Version from, Version to, DeployMethod method, DeployMode mode, MessageQueue mq) {
        return new PathRequest(from, to, method, mode, mq, Optional.empty(), Strategy.AUTO);
    }

    public PathRequest withStrategy(Strategy s) {
        return new PathRequest(from, to, method, mode, messageQueue, liveMode, s);
    }

    public PathRequest withLiveMode(DeployMode m) {
        return new PathRequest(from, to, method, mode, messageQueue, Optional.of(m), strategy);
    }

    /** "helm/cluster/pulsar". */
    public String deployment() {
        return method + "/" + mode + "/" + messageQueue;
    }
}
