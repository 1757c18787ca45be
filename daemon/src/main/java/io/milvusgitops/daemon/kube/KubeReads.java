package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads an observer makes of a cluster: straight from the API server ({@link #direct}), or from a
 * watch-fed cache ({@link WatchedCluster}) that costs no request. A step that must see its own write
 * (a rollout it just started) reads directly; observing the fleet on every pass reads the cache.
 */
public interface KubeReads {

    List<Deployment> deployments(String namespace, Map<String, String> labels);

    List<Secret> secrets(String namespace, Map<String, String> labels);

    Optional<ConfigMap> configMap(String namespace, String name);

    /** A {@code Milvus} resource of the Milvus Operator; empty when there is none (or the operator's CRD is not installed). */
    Optional<GenericKubernetesResource> milvus(String namespace, String name);

    static KubeReads direct(KubernetesClient client) {
        return new KubeReads() {
            public List<Deployment> deployments(String namespace, Map<String, String> labels) {
                return client.apps().deployments().inNamespace(namespace).withLabels(labels).list().getItems();
            }

            public List<Secret> secrets(String namespace, Map<String, String> labels) {
                return client.secrets().inNamespace(namespace).withLabels(labels).list().getItems();
            }

            public Optional<ConfigMap> configMap(String namespace, String name) {
                return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
            }

            public Optional<GenericKubernetesResource> milvus(String namespace, String name) {
                // Without the operator's CRD the API server answers 404, which is "no such resource" here too.
                return Optional.ofNullable(client.genericKubernetesResources(OperatorKinds.MILVUS).inNamespace(namespace).withName(name).get());
            }
        };
    }
}
