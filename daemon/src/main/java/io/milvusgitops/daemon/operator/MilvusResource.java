package io.milvusgitops.daemon.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.Named;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code Milvus} resource as the Milvus Operator (v1.3.x) leaves it: what its spec asks for, after the operator's
 * defaults, and what its status reports. Its status is trusted only once {@code status.observedGeneration} has caught up
 * with {@code metadata.generation}: before, it describes an older spec.
 *
 * @param replicas   the components the spec names, with their replicas (the spec's field per component)
 * @param etcdRootPath {@code spec.config.etcd.rootPath}, else the resource's name: the operator's {@code milvus.yaml}
 *                   template writes {@code rootPath: {{ .Name }}}
 */
public record MilvusResource(String namespace, String name, long generation, DeployMode mode, Image image, boolean rollingUpdate,
                             String imageUpdateMode, MessageQueue messageQueue, Map<Component, Integer> replicas, boolean streamingMode,
                             String etcdRootPath, Map<String, String> annotations, Status status) {

    private static final ObjectMapper TREE = new ObjectMapper();

    /** What {@code status} says: {@code status.status}, the two conditions that matter, the image that runs. */
    public record Status(String health, long observedGeneration, String currentImage, Optional<Condition> ready, Optional<Condition> updated) {
    }

    /** One of the resource's conditions ({@code MilvusReady}, {@code MilvusUpdated}). */
    public record Condition(boolean holds, String reason, String message) {
        /** "MilvusComponentNotHealthy: [proxy] not ready, detail: ...": for a waiting or failing step. */
        public String describe() {
            return message.isBlank() ? reason : reason + ": " + message;
        }
    }

    public MilvusResource {
        replicas = Map.copyOf(replicas);
        annotations = Map.copyOf(annotations);
    }

    /** The spec's field of a component ({@code mixCoord}, {@code queryNode}, {@code standalone}). */
    public static String field(Component c) {
        return switch (c) {
            case STANDALONE -> "standalone";
            case PROXY -> "proxy";
            case ROOTCOORD -> "rootCoord";
            case DATACOORD -> "dataCoord";
            case INDEXCOORD -> "indexCoord";
            case QUERYCOORD -> "queryCoord";
            case MIXCOORD -> "mixCoord";
            case INDEXNODE -> "indexNode";
            case DATANODE -> "dataNode";
            case QUERYNODE -> "queryNode";
            case STREAMINGNODE -> "streamingNode";
        };
    }

    public static MilvusResource of(GenericKubernetesResource r) {
        JsonNode root = TREE.valueToTree(r.getAdditionalProperties()); // fabric8 8's own node is Jackson 3's
        JsonNode spec = root.path("spec");
        JsonNode components = spec.path("components");
        DeployMode mode = "cluster".equals(spec.path("mode").asText()) ? DeployMode.CLUSTER : DeployMode.STANDALONE;
        Image image = Image.parse(components.path("image").asText(""));
        Map<Component, Integer> replicas = new EnumMap<>(Component.class);
        for (Component c : Component.values()) {
            JsonNode f = components.path(field(c));
            if (f.isObject()) replicas.put(c, f.path("replicas").asInt(1));
        }
        JsonNode status = root.path("status");
        String rootPath = spec.path("config").path("etcd").path("rootPath").asText("");
        Map<String, String> annotations = r.getMetadata().getAnnotations() == null ? Map.of() : r.getMetadata().getAnnotations();
        return new MilvusResource(r.getMetadata().getNamespace(), r.getMetadata().getName(),
                r.getMetadata().getGeneration() == null ? 1 : r.getMetadata().getGeneration(), mode, image,
                components.path("enableRollingUpdate").asBoolean(true), components.path("imageUpdateMode").asText("rollingUpgrade"),
                messageQueue(spec.path("dependencies").path("msgStreamType").asText(""), mode, image),
                replicas, components.path("streamingMode").asBoolean(false), rootPath.isBlank() ? r.getMetadata().getName() : rootPath,
                annotations,
                new Status(status.path("status").asText(""), status.path("observedGeneration").asLong(0), status.path("currentImage").asText(""),
                        condition(status, "MilvusReady"), condition(status, "MilvusUpdated")));
    }

    /**
     * {@code spec.dependencies.msgStreamType}, else what the operator writes there when it is empty: Pulsar for a
     * cluster, RocksMQ for a standalone below 2.6 and Woodpecker from 2.6 ({@code setDefaultMsgStreamType}).
     */
    static MessageQueue messageQueue(String msgStreamType, DeployMode mode, Image image) {
        Optional<MessageQueue> named = Named.byId(MessageQueue.class, msgStreamType.toLowerCase(Locale.ROOT));
        if (named.isPresent()) return named.get();
        if (mode == DeployMode.CLUSTER) return MessageQueue.PULSAR;
        boolean at26 = image.version().map(v -> v.major() > 2 || (v.major() == 2 && v.minor() >= 6)).orElse(false);
        return at26 ? MessageQueue.WOODPECKER : MessageQueue.ROCKSMQ;
    }

    private static Optional<Condition> condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return Optional.of(new Condition("True".equals(c.path("status").asText()), c.path("reason").asText(""), c.path("message").asText("")));
            }
        }
        return Optional.empty();
    }

    /** The status describes this spec: the operator has seen its newest generation. */
    public boolean trusted() {
        return status.observedGeneration() >= generation;
    }

    /** Every replica of the spec is 0: stopped (by a MilvusUpgrade, or by us for a restore). */
    public boolean stopped() {
        return replicas.entrySet().stream().filter(e -> mode == DeployMode.STANDALONE || e.getKey() != Component.STANDALONE)
                .allMatch(e -> e.getValue() == 0);
    }

    /** {@code MilvusReady} and {@code MilvusUpdated} hold for this spec, and {@code currentImage} is its image. */
    public boolean settled() {
        return trusted() && status.ready().map(Condition::holds).orElse(false) && status.updated().map(Condition::holds).orElse(false)
                && status.currentImage().equals(image.toString());
    }

    /** Why it is not settled, in the operator's words: its conditions' reasons and messages. */
    public String unsettled() {
        if (!trusted()) {
            return "the operator has not seen generation " + generation + " yet (status is of generation " + status.observedGeneration() + ")";
        }
        StringBuilder why = new StringBuilder("status " + (status.health().isBlank() ? "not written yet" : status.health()));
        status.ready().filter(c -> !c.holds()).ifPresent(c -> why.append("; MilvusReady ").append(c.describe()));
        status.updated().filter(c -> !c.holds()).ifPresent(c -> why.append("; MilvusUpdated ").append(c.describe()));
        if (!status.currentImage().equals(image.toString())) why.append("; current image ").append(status.currentImage());
        return why.toString();
    }
}
