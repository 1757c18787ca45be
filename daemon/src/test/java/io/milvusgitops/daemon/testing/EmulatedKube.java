package io.milvusgitops.daemon.testing;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.milvusgitops.daemon.helm.HelmJavaClient;
import io.milvusgitops.simulator.kube.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One emulated cluster for a test: the API server, a fabric8 client on it (the daemon's own client, as
 * production builds it from a kubeconfig), a kubeconfig file with the context {@value #CONTEXT}, and native
 * Helm (the production {@link HelmJavaClient}) on the reference chart archives.
 */
public final class EmulatedKube implements AutoCloseable {

    public static final String CONTEXT = "sim";

    private final ApiServer api = new ApiServer();
    private final Path dir;
    private final Path kubeconfig;
    private final KubernetesClient client;

    /** A cluster with {@code namespaces} created (a real API server refuses objects in a namespace that does not exist). */
    public EmulatedKube(String... namespaces) {
        for (String ns : namespaces) api.cluster().namespace(ns);
        try {
            dir = Files.createTempDirectory("emulated-kube-");
            kubeconfig = api.kubeconfig(dir.resolve("kubeconfig"), CONTEXT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(api.url()).withRequestRetryBackoffLimit(0).build()).build();
    }

    public ApiServer api() {
        return api;
    }

    public KubernetesClient client() {
        return client;
    }

    /** A kubeconfig whose context {@value #CONTEXT} is this cluster. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The production Helm client on this cluster, with the reference charts. */
    public HelmJavaClient helm() {
        return new HelmJavaClient(kubeconfig, CONTEXT, ReferenceCharts.source());
    }

    /** What Milvus's /healthz answers behind {@code service} (true, false, or no endpoint at all). */
    public void healthz(String namespace, String service, Boolean healthy) {
        api.healthz(namespace, service, healthy);
    }

    @Override
    public void close() {
        client.close();
        api.close();
    }
}
