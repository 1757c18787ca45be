package io.milvusgitops.daemon.helm;

import io.milvusgitops.daemon.kube.ComponentState;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Milvus deployment in a cluster, as observed: the Helm release record, the components and
 * their versions, and what the upgrade depends on beyond them ({@link Layout}: which Pulsar, which coordinators). {@code version} is empty when the components run different versions: an upgrade
 * is half done, and {@link #versions()} says which.
 */
public record ObservedRelease(String namespace, String release, Optional<HelmRelease> helm, Map<Component, ComponentState> components,
                             DeployMode mode, MessageQueue messageQueue, String etcdRootPath, Layout layout) {

    public ObservedRelease {
        components = Map.copyOf(components);
    }

    public Set<Version> versions() {
        return ComponentState.versions(components.values());
    }

    public Optional<Version> version() {
        return ComponentState.version(components.values());
    }

    public boolean halfDone() {
        return versions().size() > 1;
    }

    public Health health() {
        if (components.isEmpty()) return Health.MISSING;
        if (components.values().stream().allMatch(ComponentState::rolledOut)) return Health.HEALTHY;
        if (components.values().stream().anyMatch(ComponentState::stuck)) return Health.DEGRADED;
        return Health.PROGRESSING;
    }
}
