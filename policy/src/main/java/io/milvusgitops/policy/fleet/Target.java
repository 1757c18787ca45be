package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import java.util.Optional;

/**
 * One Milvus deployment of an environment. {@code smokeTestCollection}: a collection the smoke test after each hop
 * reads (opt-in: the fleet names one that exists and may be read).
 */
public record Target(String name, DeployMethod method, DeployMode mode, MessageQueue messageQueue,
                     String etcdRootPath, boolean canary, Location location, Optional<String> smokeTestCollection) {

    /** A target whose smoke test reads no collection. */
    public Target(String name, DeployMethod method, DeployMode mode, MessageQueue messageQueue, String etcdRootPath, boolean canary,
                  Location location) {
        this(name, method, mode, messageQueue, etcdRootPath, canary, location, Optional.empty());
    }
}
