package io.milvusgitops.daemon.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode (create, get, list, watch, JSON patch,
 * generation bumps). It runs no controllers: {@link SimulatedKubelet} moves the status.
 * Labelled a simulation wherever it is shown: no real cluster is involved.
 */
public final class KubeEmulator implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public KubeEmulator() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = server.createClient();
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
