package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;

/** One Milvus deployment of an environment. */
public record Target(String name, DeployMethod method, DeployMode mode, MessageQueue messageQueue,
                     String etcdRootPath, boolean canary, Location location) {
}
