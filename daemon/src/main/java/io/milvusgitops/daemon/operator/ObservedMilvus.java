package io.milvusgitops.daemon.operator;

import io.milvusgitops.daemon.kube.ComponentState;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.version.Version;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Milvus the operator runs, as observed: its resource, and the Deployments that serve each component (for the
 * query node, the member of the pair the resource names as current). {@link #version()} is empty while the components
 * run different versions: an update is half done, {@link #versions()} says which.
 */
public record ObservedMilvus(MilvusResource resource, Map<Component, ComponentState> components) {

    public ObservedMilvus {
        components = Map.copyOf(components);
    }

    public Set<Version> versions() {
        return ComponentState.versions(components.values());
    }

    public Optional<Version> version() {
        return ComponentState.version(components.values());
    }

    /**
     * In Argo CD's words, from what the operator reports: a status older than the spec is still progressing; Healthy
     * with every component updated is healthy; Unhealthy is degraded; Stopped (every replica 0) is suspended.
     */
    public Health health() {
        MilvusResource r = resource;
        if (!r.trusted()) return Health.PROGRESSING;
        return switch (r.status().health()) {
            case "Healthy" -> r.status().updated().map(MilvusResource.Condition::holds).orElse(false)
                    && components.values().stream().allMatch(ComponentState::rolledOut) ? Health.HEALTHY : Health.PROGRESSING;
            case "Unhealthy" -> Health.DEGRADED;
            case "Stopped" -> Health.SUSPENDED;
            default -> Health.PROGRESSING; // Pending (being created or starting), Deleting, not written yet
        };
    }
}
