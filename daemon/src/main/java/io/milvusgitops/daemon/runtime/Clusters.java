package io.milvusgitops.daemon.runtime;

import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.helm.HelmClient;

/**
 * How the daemon reaches the clusters of its targets, by kubeconfig context: the API server, Helm,
 * and the etcd that holds Milvus's metadata there. {@link KubeconfigClusters} is the real one; the
 * demo and the tests pass their own. Clients are made once per context and closed with the daemon.
 */
public interface Clusters extends AutoCloseable {

    /** The context of the cluster the daemon itself runs in (its Lease lives there). */
    String OWN_CLUSTER = "";

    KubernetesClient client(String context);

    HelmClient helm(String context);

    /** The etcd of the Milvus deployments in {@code context}. */
    Client etcd(String context);

    @Override
    void close();
}
