package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.milvusgitops.daemon.milvus.MilvusProbe;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The smoke test's way to Milvus in a cluster: a port-forward through the API server to the gRPC port of the
 * service in front of the proxy (or the standalone), as {@code kubectl port-forward service/<release>-milvus 19530}
 * in the Milvus guides, so that the daemon needs no network path into the cluster (its /healthz goes through the
 * API server too). Needs RBAC {@code create} on {@code pods/portforward}.
 */
public final class MilvusPortForward {

    private final KubernetesClient client;
    private final MilvusProbe probe;

    public MilvusPortForward(KubernetesClient client, MilvusProbe probe) {
        this.client = client;
        this.probe = probe;
    }

    /** Asks the Milvus behind {@code service} through a port-forward opened for these questions and closed after them. */
    public MilvusProbe.Answer ask(String namespace, String service, Version expected, Optional<String> canaryCollection) throws IOException {
        // On the loopback only, on a free port: fabric8's default listens on every address, which would open Milvus to the network.
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (LocalPortForward forward = client.services().inNamespace(namespace).withName(service).portForward(MilvusProbe.GRPC_PORT, loopback, 0)) {
            return probe.ask(new InetSocketAddress(loopback, forward.getLocalPort()), expected, canaryCollection);
        }
    }
}
