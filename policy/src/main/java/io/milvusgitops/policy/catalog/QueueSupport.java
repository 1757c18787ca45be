package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.version.VersionRange;
import java.util.Optional;
import java.util.Set;

/**
 * Where a message queue runs: the Milvus versions and the modes, each limit with the documents' reason.
 * {@code introduced}, {@code removed}, {@code notIn}: why the queue cannot run below the range, above
 * it, and in a mode it lacks (a person reads them when a deployment is refused).
 */
public record QueueSupport(MessageQueue queue, VersionRange versions, Set<DeployMode> modes, String introduced, String removed,
                           String notIn, String source) {

    public QueueSupport {
        modes = Set.copyOf(modes);
    }

    /** Why this queue cannot run at {@code v} in {@code mode}; empty when it can. */
    public Optional<String> problem(Version v, DeployMode mode) {
        if (!versions.contains(v)) {
            boolean below = versions.lower().map(v::isBefore).orElse(false);
            return Optional.of(queue + " cannot run with Milvus " + v + ": " + (below ? introduced : removed) + " [" + source + "]");
        }
        if (!modes.contains(mode)) {
            return Optional.of(queue + " cannot run in a " + mode + " deployment: " + notIn + " [" + source + "]");
        }
        return Optional.empty();
    }
}
