package io.milvusgitops.daemon.operator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.version.Version;
import java.util.List;
import java.util.Optional;

/**
 * The Milvus Operator installed in a cluster, and its version: its Deployment (label
 * {@code app.kubernetes.io/name=milvus-operator}, as its chart and manifest label it) and the tag of its {@code manager}
 * container ({@code milvusdb/milvus-operator:v1.3.8}). Not the {@code milvus.io/operator-version} label of a Milvus
 * resource: that names the operator that first defaulted the resource, not the one that runs now.
 */
final class OperatorInstallation {

    static final String NAME_LABEL = "app.kubernetes.io/name";
    /** Where the operator's docs install it; looked in when listing every namespace is not allowed. */
    static final String DEFAULT_NAMESPACE = "milvus-operator";

    /** The operator's Deployment and the version its image tag says (empty if the tag is no version). */
    record Found(String namespace, String deployment, Optional<Version> version, String image) {
        String describe() {
            return namespace + "/" + deployment + " (" + image + ")";
        }
    }

    private final KubernetesClient client;

    OperatorInstallation(KubernetesClient client) {
        this.client = client;
    }

    Optional<Found> find() {
        List<Deployment> found;
        try {
            found = client.apps().deployments().inAnyNamespace().withLabel(NAME_LABEL, "milvus-operator").list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) throw e;
            found = client.apps().deployments().inNamespace(DEFAULT_NAMESPACE).withLabel(NAME_LABEL, "milvus-operator").list().getItems();
        }
        return found.stream().findFirst().map(OperatorInstallation::found);
    }

    private static Found found(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        String image = containers.stream().filter(c -> "manager".equals(c.getName())).findFirst().or(() -> containers.stream().findFirst())
                .map(Container::getImage).orElse("");
        return new Found(d.getMetadata().getNamespace(), d.getMetadata().getName(), Image.parse(image).version(), image);
    }
}
