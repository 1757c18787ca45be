package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import java.util.EnumSet;
import java.util.Set;

/** The deployments a rule speaks of. An empty set in the catalog means "all". */
public record Scope(Set<DeployMethod> methods, Set<DeployMode> modes, Set<MessageQueue> messageQueues) {

    public static final Scope EVERYWHERE = new Scope(EnumSet.allOf(DeployMethod.class),
            EnumSet.allOf(DeployMode.class), EnumSet.allOf(MessageQueue.class));

    public Scope {
        methods = Set.copyOf(methods);
        modes = Set.copyOf(modes);
        messageQueues = Set.copyOf(messageQueues);
    }

    public boolean covers(DeployMethod method, DeployMode mode, MessageQueue mq) {
        return methods.contains(method) && modes.contains(mode) && messageQueues.contains(mq);
    }

    public boolean intersects(Scope o) {
        return methods.stream().anyMatch(o.methods::contains)
                && modes.stream().anyMatch(o.modes::contains)
                && messageQueues.stream().anyMatch(o.messageQueues::contains);
    }
}
