package io.milvusgitops.daemon.simulation;

import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.runtime.Clusters;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real clusters of a kubeconfig (here: emulators in another process), with Helm SIMULATED by
 * {@link RenderingHelm}: native Helm cannot talk to the emulator. For the process-level tests only
 * ({@code run --simulated-helm}); never for a real cluster.
 */
public final class RenderingHelmClusters implements Clusters {

    private final Clusters real;
    private final ChartArchives charts;
    private final Map<String, HelmClient> helms = new ConcurrentHashMap<>();

    public RenderingHelmClusters(Clusters real, ChartArchives charts) {
        this.real = real;
        this.charts = charts;
    }

    @Override
    public KubernetesClient client(String context) {
        return real.client(context);
    }

    @Override
    public HelmClient helm(String context) {
        return helms.computeIfAbsent(context, c -> new RenderingHelm(real.client(c), charts));
    }

    @Override
    public Client etcd(String context) {
        return real.etcd(context);
    }

    /** Said on top of the page: Helm is not real here. */
    public static Optional<String> notice() {
        return Optional.of("SIMULATION: Helm is simulated (charts rendered and applied by milvus-gitops itself); for tests only");
    }

    @Override
    public void close() {
        real.close();
    }
}
