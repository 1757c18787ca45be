package io.milvusgitops.policy.path;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.util.Objects;
import java.util.Optional;

/**
 * What the planner needs to know about a deployment. {@code liveMode} is the mode it runs in when
 * that differs from the desired {@code mode} (a mode change); {@code strategy} can demand a path
 * without downtime; {@code layout} is what runs beyond method, mode and queue (the Pulsar generation,
 * the coordinators, MinIO), as observed, each part empty when nobody looked.
 */
public record PathRequest(Version from, Version to, DeployMethod method, DeployMode mode, MessageQueue messageQueue,
                          Optional<DeployMode> liveMode, Strategy strategy, Layout layout) {

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
        layout = layout == null ? Layout.UNKNOWN : layout;
    }

    public static PathRequest of(Version from, Version to, DeployMethod method, DeployMode mode, MessageQueue mq) {
        return new PathRequest(from, to, method, mode, mq, Optional.empty(), Strategy.AUTO, Layout.UNKNOWN);
    }

    public PathRequest withStrategy(Strategy s) {
        return new PathRequest(from, to, method, mode, messageQueue, liveMode, s, layout);
    }

    public PathRequest withLiveMode(DeployMode m) {
        return new PathRequest(from, to, method, mode, messageQueue, Optional.of(m), strategy, layout);
    }

    public PathRequest withLayout(Layout l) {
        return new PathRequest(from, to, method, mode, messageQueue, liveMode, strategy, l);
    }

    /** "helm/cluster/pulsar". */
    public String deployment() {
        return method + "/" + mode + "/" + messageQueue;
    }
}
