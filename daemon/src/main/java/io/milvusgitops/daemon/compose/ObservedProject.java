package io.milvusgitops.daemon.compose;

import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Compose project on a Docker host, as observed. {@link #milvus()} are the Milvus components in
 * service; containers kept for the way back of a hop ({@link #retired()}) and the stateful
 * dependencies ({@link #dependencies()}) are apart. {@code version} is empty while the components run
 * different versions (an upgrade half done).
 */
public record ObservedProject(String project, List<ProjectContainer> containers) {

    public ObservedProject {
        containers = List.copyOf(containers);
    }

    public List<ProjectContainer> milvus() {
        return containers.stream().filter(c -> c.component().isPresent() && !c.retired()).toList();
    }

    public List<ProjectContainer> retired() {
        return containers.stream().filter(ProjectContainer::retired).toList();
    }

    public List<ProjectContainer> dependencies() {
        return containers.stream().filter(c -> c.dependency().isPresent()).toList();
    }

    /** The MinIO container in service, if the project runs one (else the object store is outside the project). */
    public Optional<ProjectContainer> minio() {
        return dependencies().stream().filter(c -> c.dependency().equals(Optional.of(ProjectContainer.Dependency.MINIO)) && !c.retired())
                .findFirst();
    }

    /** The containers in service of one component: several when Compose scaled it ({@code --scale querynode=2}). */
    public List<ProjectContainer> of(Component c) {
        return milvus().stream().filter(m -> m.component().orElseThrow() == c).toList();
    }

    /** The retired containers of one component. */
    public List<ProjectContainer> retiredOf(Component c) {
        return retired().stream().filter(m -> m.component().equals(Optional.of(c))).toList();
    }

    public Optional<ProjectContainer> named(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Set<Version> versions() {
        Set<Version> out = new TreeSet<>();
        milvus().forEach(c -> c.version().ifPresent(out::add));
        return out;
    }

    public Optional<Version> version() {
        Set<Version> v = versions();
        return v.size() == 1 ? Optional.of(v.iterator().next()) : Optional.empty();
    }

    public DeployMode mode() {
        return milvus().stream().anyMatch(c -> c.component().orElseThrow() == Component.STANDALONE) ? DeployMode.STANDALONE : DeployMode.CLUSTER;
    }

    /**
     * The message queue the project runs: a Pulsar or Kafka container beside Milvus, else the embedded
     * RocksMQ of a standalone (a cluster without either is taken for Pulsar outside the project).
     */
    /** The component clients talk to: the standalone, or a cluster's proxy. */
    public Component entry() {
        return mode() == DeployMode.STANDALONE ? Component.STANDALONE : Component.PROXY;
    }

    public MessageQueue messageQueue() {
        if (dependencies().stream().anyMatch(c -> c.dependency().equals(Optional.of(ProjectContainer.Dependency.KAFKA)))) return MessageQueue.KAFKA;
        if (dependencies().stream().anyMatch(c -> c.dependency().equals(Optional.of(ProjectContainer.Dependency.PULSAR)))) return MessageQueue.PULSAR;
        return mode() == DeployMode.STANDALONE ? MessageQueue.ROCKSMQ : MessageQueue.PULSAR;
    }

    /** The etcd endpoints the Milvus containers use, as they reach it on the project's network ({@code etcd:2379}). */
    public List<String> etcdEndpoints() {
        return milvus().stream().map(ProjectContainer::etcdEndpoints).filter(e -> !e.isEmpty()).findFirst().orElse(List.of());
    }

    public Health health() {
        List<ProjectContainer> m = milvus();
        if (m.isEmpty()) return Health.MISSING;
        if (m.stream().allMatch(ProjectContainer::healthy)) return Health.HEALTHY;
        if (m.stream().anyMatch(c -> c.crashed() || c.health().map("unhealthy"::equals).orElse(false))) return Health.DEGRADED;
        return Health.PROGRESSING;
    }
}
