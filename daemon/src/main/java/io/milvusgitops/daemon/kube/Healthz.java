package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Milvus's own health endpoint ({@code /healthz} on port 9091), reached through the API server's
 * service proxy ({@code /api/v1/namespaces/<ns>/services/<service>:9091/proxy/healthz}), so
 * that the daemon needs no network path into the cluster. The service fronts the proxy (cluster)
 * or the standalone process.
 */
public final class Healthz {

    private final KubernetesClient client;

    /**
     * A client of its own without request retries: fabric8 retries 5xx answers with backoff, and a
     * /healthz that answers 500 is an answer, to be checked again on the next pass, not retried now.
     */
    public Healthz(KubernetesClient client) {
        this.client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build())
                .build();
    }

    /** Empty when Milvus behind {@code service} answers OK; else what it (or the API server) said. */
    public Optional<String> problem(String namespace, String service) {
        String url = client.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/" + namespace + "/services/"
                + service + ":9091/proxy/healthz";
        try {
            String body = client.raw(url);
            if (body == null) return Optional.of("/healthz answered 404: no such service");
            return body.strip().equalsIgnoreCase("OK") ? Optional.empty() : Optional.of("/healthz answered: " + body.strip());
        } catch (KubernetesClientException e) {
            return Optional.of("/healthz answered " + e.getCode() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
        } catch (RuntimeException e) {
            return Optional.of("/healthz unreachable: " + e.getMessage());
        }
    }
}
