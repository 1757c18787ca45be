package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder;
import java.util.List;

/**
 * What a watch-fed cache keeps of a Milvus Deployment: what the observers read of it ({@link ComponentState}, and the
 * labels and replicas by which they pick the components): its metadata without the server's field-manager records, its
 * replicas and selector, its containers' names and images, and its status. The rest of the pod template (volumes,
 * probes, environment, resources, affinity) was about 10 KB a Deployment as fabric8 objects, two thirds of what the
 * daemon's caches held at 1,000 Helm targets (docs/benchmarks.md). The drivers' steps read and edit Deployments from the
 * API server, never from this cache.
 */
public final class ObservedDeployments {

    private ObservedDeployments() {
    }

    /** {@code whole} cut down to what the observers read; one without a pod template is kept as it is. */
    public static Deployment keepingWhatTheObserversRead(Deployment whole) {
        if (whole.getSpec() == null || whole.getSpec().getTemplate() == null || whole.getSpec().getTemplate().getSpec() == null
                || whole.getMetadata() == null) {
            return whole;
        }
        var containers = whole.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(c -> new ContainerBuilder().withName(c.getName()).withImage(c.getImage()).build()).toList();
        return new DeploymentBuilder()
                .withApiVersion(whole.getApiVersion())
                .withKind(whole.getKind())
                .withMetadata(new ObjectMetaBuilder(whole.getMetadata()).withManagedFields((List<ManagedFieldsEntry>) null).build())
                .withSpec(new DeploymentSpecBuilder()
                        .withReplicas(whole.getSpec().getReplicas())
                        .withSelector(whole.getSpec().getSelector())
                        .withNewTemplate().withSpec(new PodSpecBuilder().withContainers(containers).build()).endTemplate()
                        .build())
                .withStatus(whole.getStatus())
                .build();
    }
}
