package io.milvusgitops.simulator.milvus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.simulator.kube.Cluster;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Milvus processes of one namespace's simulated pods, as far as a client can talk to them: the gRPC port
 * (19530) of each pod whose container runs a {@code milvusdb/milvus} image is a {@link MilvusStandIn} that answers
 * with that image's version, started when a port-forward first reaches it and stopped when its pod goes away.
 * What each Milvus instance (the pods' {@code app.kubernetes.io/instance}: a Helm release, a Milvus resource)
 * answers beyond that is its {@link MilvusAnswers}, for tests to turn wrong.
 */
public final class MilvusPods {

    public static final int GRPC_PORT = 19530;
    private static final String INSTANCE = "app.kubernetes.io/instance";

    private final Cluster cluster;
    private final String namespace;
    private final Map<String, MilvusAnswers> answers = new ConcurrentHashMap<>();
    private final Map<String, MilvusStandIn> listening = new ConcurrentHashMap<>();

    public MilvusPods(Cluster cluster, String namespace) {
        this.cluster = cluster;
        this.namespace = namespace;
    }

    /** What the Milvus of {@code instance} answers; the same object for the instance's life, for a test to change. */
    public MilvusAnswers answers(String instance) {
        return answers.computeIfAbsent(instance, i -> new MilvusAnswers());
    }

    /** Where {@code pod}'s {@code port} listens: only a running Milvus pod's gRPC port does. */
    public Optional<InetSocketAddress> backend(String pod, int port) {
        if (port != GRPC_PORT || version(pod).isEmpty()) return Optional.empty();
        String instance = cluster.get("v1", "Pod", namespace, pod).map(p -> p.path("metadata").path("labels").path(INSTANCE).asText("")).orElse("");
        return Optional.of(listening.computeIfAbsent(pod, p -> new MilvusStandIn(() -> version(p), answers(instance))).address());
    }

    /** Stops the gRPC ports of pods not in {@code live}: a process ends with its pod. */
    public void retain(Set<String> live) {
        listening.entrySet().removeIf(e -> {
            if (live.contains(e.getKey())) return false;
            e.getValue().close();
            return true;
        });
    }

    /** The tag of the pod's Milvus image ({@code v2.5.16}) while the pod runs; empty when it does not, or runs no Milvus. */
    private Optional<String> version(String pod) {
        Optional<ObjectNode> p = cluster.get("v1", "Pod", namespace, pod);
        if (p.isEmpty() || !"Running".equals(p.get().path("status").path("phase").asText())) return Optional.empty();
        for (JsonNode c : p.get().path("spec").path("containers")) {
            String image = c.path("image").asText("");
            int colon = image.lastIndexOf(':');
            if (colon > 0 && image.substring(0, colon).endsWith("milvusdb/milvus")) return Optional.of(image.substring(colon + 1));
        }
        return Optional.empty();
    }
}
