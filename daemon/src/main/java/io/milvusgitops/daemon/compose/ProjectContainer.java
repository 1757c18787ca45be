package io.milvusgitops.daemon.compose;

import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.version.Version;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One container of a Compose project as observed: what it is (a Milvus component, a stateful
 * dependency, or neither), its image and the version in the tag, its state and health, and where it
 * is attached. Environment values are never kept here (they may hold secrets), only the etcd endpoints.
 *
 * @param health        {@code healthy}, {@code unhealthy} or {@code starting}; empty without a healthcheck
 * @param networks      network name -> the aliases Compose gave the container there
 * @param mounts        {@code source -> destination} of every bind and volume
 * @param publishedPorts container port -> {@code hostIp:hostPort} it is published on
 * @param createdBy     the hop that created it, for a component the project did not run before
 * @param configFiles   the Compose files it was made from, as Compose recorded them (comma-separated)
 */
public record ProjectContainer(String id, String name, String service, Optional<Component> component,
                               Optional<Dependency> dependency, String image, Optional<Version> version, String state,
                               Optional<String> health, int restartCount, int exitCode, List<String> etcdEndpoints,
                               Map<String, List<String>> networks, List<String> mounts, Map<Integer, String> publishedPorts,
                               Optional<String> createdBy, Optional<String> configFiles) {

    /** The stateful services Milvus runs on; an upgrade never touches them. */
    public enum Dependency { ETCD, MINIO, PULSAR, KAFKA, ZOOKEEPER }

    public ProjectContainer {
        etcdEndpoints = List.copyOf(etcdEndpoints);
        networks = Map.copyOf(networks);
        mounts = List.copyOf(mounts);
        publishedPorts = Map.copyOf(publishedPorts);
    }

    /** Kept stopped beside its replacement for the way back ({@code <name>.pre-upgrade}). */
    public boolean retired() {
        return name.endsWith(ComposeLabels.RETIRED);
    }

    /** The name the container has (or had) in service: without the retired suffix. */
    public String serviceName() {
        return retired() ? name.substring(0, name.length() - ComposeLabels.RETIRED.length()) : name;
    }

    public boolean running() {
        return "running".equals(state);
    }

    /** Running, and healthy by its own healthcheck when it has one. */
    public boolean healthy() {
        return running() && health.map("healthy"::equals).orElse(true);
    }

    /** Gone for good: exited or dead, and Docker will not start it again by itself. */
    public boolean crashed() {
        return "exited".equals(state) || "dead".equals(state);
    }
}
