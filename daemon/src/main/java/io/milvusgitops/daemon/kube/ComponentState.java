package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.version.Version;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** One Milvus Deployment as observed: its image and the version in its tag, and where its rollout stands. */
public record ComponentState(Component component, String deployment, String image, Optional<Version> version, int replicas,
                             int updatedReplicas, int readyReplicas, long generation, long observedGeneration) {

    /** The rollout is finished: the controller saw the newest spec, and every replica is updated and ready. */
    public boolean rolledOut() {
        return observedGeneration >= generation && updatedReplicas >= replicas && readyReplicas >= replicas;
    }

    /** Updated everywhere, yet not ready: the new pods do not come up (a crash loop, a bad image). */
    public boolean stuck() {
        return observedGeneration >= generation && updatedReplicas >= replicas && readyReplicas < replicas;
    }

    /** A Deployment's rollout as the API server reports it; the first container's image is the component's. */
    /** The versions the components run: one while they agree, more while an update is half done. */
    public static Set<Version> versions(Collection<ComponentState> components) {
        Set<Version> out = new TreeSet<>();
        components.forEach(c -> c.version().ifPresent(out::add));
        return out;
    }

    /** The one version every component runs, or empty while they run different ones. */
    public static Optional<Version> version(Collection<ComponentState> components) {
        Set<Version> v = versions(components);
        return v.size() == 1 ? Optional.of(v.iterator().next()) : Optional.empty();
    }

    public static ComponentState of(Component c, Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        String image = containers.isEmpty() ? "" : containers.get(0).getImage();
        DeploymentStatus st = d.getStatus();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return new ComponentState(c, d.getMetadata().getName(), image, Image.parse(image).version(), replicas,
                st == null || st.getUpdatedReplicas() == null ? 0 : st.getUpdatedReplicas(),
                st == null || st.getReadyReplicas() == null ? 0 : st.getReadyReplicas(),
                d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration(),
                st == null || st.getObservedGeneration() == null ? 0 : st.getObservedGeneration());
    }
}
