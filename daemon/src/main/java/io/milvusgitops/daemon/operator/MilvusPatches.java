package io.milvusgitops.daemon.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.kube.OperatorKinds;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.path.Step.ImageUpdateMode;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The writes to a {@code Milvus} resource, each one JSON merge patch as the operator's upgrade guides apply them
 * ({@code kubectl patch -f milvusupgrade.yaml --patch-file milvusupgrade.yaml --type merge}), each skipped when the
 * resource already says what it would write.
 */
final class MilvusPatches {

    /** Where {@link #stop} remembers each component's replicas for {@link #start}: {@code {"proxy":2,"queryNode":3}}. */
    static final String REPLICAS_ANNOTATION = "milvus-gitops.io/replicas";

    /** The resource a step needs is not there (deleted, or the fleet names another). */
    static final class NoSuchMilvus extends Exception {
        NoSuchMilvus(Location.MilvusResource where) {
            super("no Milvus resource " + where.name() + " in namespace " + where.namespace());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    MilvusPatches(KubernetesClient client) {
        this.client = client;
    }

    /**
     * {@code spec.components.image} with its update mode: {@code rollingUpgrade}/{@code rollingDowngrade} with
     * {@code enableRollingUpdate: true} (the operator then moves one component after the other, in its dependency
     * order), or {@code all} (every component at once: the downtime the plan declared).
     */
    StepOutcome setImage(MilvusResource r, Image image, ImageUpdateMode mode) {
        boolean rolling = mode != ImageUpdateMode.ALL;
        if (r.image().equals(image) && r.imageUpdateMode().equals(mode.id()) && (!rolling || r.rollingUpdate())) {
            return new Done(r.name() + " already asks for " + image + " (" + mode.id() + ")");
        }
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode components = patch.putObject("spec").putObject("components").put("image", image.toString()).put("imageUpdateMode", mode.id());
        if (rolling) components.put("enableRollingUpdate", true);
        apply(r, patch);
        return new Done(r.name() + " set to " + image + " (" + mode.id() + "): the operator rolls it out");
    }

    /** The 2.6 guide's step before the 2.6 image: {@code spec.components.mixCoord: {replicas: 1}} with the image that runs. */
    StepOutcome enableMixCoord(MilvusResource r, Image image) {
        if (r.replicas().containsKey(Component.MIXCOORD) && r.image().equals(image)) {
            return new Done(r.name() + " already runs mixCoord on " + image);
        }
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode components = patch.putObject("spec").putObject("components").put("image", image.toString());
        components.putObject("mixCoord").put("replicas", 1);
        apply(r, patch);
        return new Done("mixCoord enabled on " + image + ": the operator starts it and removes the separate coordinators");
    }

    /** Every component to 0 replicas, their replicas remembered in {@value #REPLICAS_ANNOTATION} (kept from a first stop). */
    StepOutcome stop(MilvusResource r) {
        if (r.stopped()) return new Done(r.name() + " is already stopped (every replica 0)");
        ObjectNode patch = JSON.createObjectNode();
        if (!r.annotations().containsKey(REPLICAS_ANNOTATION)) {
            patch.putObject("metadata").putObject("annotations").put(REPLICAS_ANNOTATION, write(fields(r.replicas())));
        }
        ObjectNode components = patch.putObject("spec").putObject("components");
        r.replicas().keySet().forEach(c -> components.putObject(MilvusResource.field(c)).put("replicas", 0));
        apply(r, patch);
        return new Done(r.name() + " stopped: every replica 0 (was " + fields(r.replicas()) + ")");
    }

    /**
     * The components back on {@code image} ({@code imageUpdateMode: all}), each with the replicas it had before the stop:
     * ours ({@value #REPLICAS_ANNOTATION}), else those the operator's MilvusUpgrade recorded, else one each. A streaming
     * node the components do not include goes (2.6 added it; {@code streamingMode} would keep it on 2.5).
     */
    StepOutcome start(MilvusResource r, Image image, List<Component> components, Map<String, Integer> recordedByOperator) {
        boolean dropStreaming = !components.contains(Component.STREAMINGNODE) && r.replicas().containsKey(Component.STREAMINGNODE);
        if (r.image().equals(image) && !r.stopped() && !r.annotations().containsKey(REPLICAS_ANNOTATION) && !dropStreaming) {
            return new Done(r.name() + " already runs on " + image);
        }
        Map<String, Integer> replicas = read(r.annotations().get(REPLICAS_ANNOTATION));
        if (replicas.isEmpty()) replicas = recordedByOperator;
        if (replicas.isEmpty()) {
            replicas = new TreeMap<>();
            for (Component c : r.replicas().keySet()) {
                boolean idle = c == Component.STANDALONE && r.mode() == DeployMode.CLUSTER;
                replicas.put(MilvusResource.field(c), idle ? 0 : 1);
            }
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").putObject("annotations").putNull(REPLICAS_ANNOTATION);
        ObjectNode spec = patch.putObject("spec").putObject("components").put("image", image.toString()).put("imageUpdateMode", ImageUpdateMode.ALL.id());
        replicas.forEach((field, n) -> spec.putObject(field).put("replicas", n));
        if (dropStreaming) {
            spec.putNull(MilvusResource.field(Component.STREAMINGNODE));
            spec.put("streamingMode", false);
        }
        apply(r, patch);
        return new Done(r.name() + " started on " + image + " with " + replicas);
    }

    private void apply(MilvusResource r, ObjectNode patch) {
        client.genericKubernetesResources(OperatorKinds.MILVUS).inNamespace(r.namespace()).withName(r.name())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }

    private static Map<String, Integer> fields(Map<Component, Integer> replicas) {
        Map<String, Integer> out = new TreeMap<>();
        replicas.forEach((c, n) -> out.put(MilvusResource.field(c), n));
        return out;
    }

    private static String write(Map<String, Integer> replicas) {
        try {
            return JSON.writeValueAsString(replicas);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of numbers is always JSON", e);
        }
    }

    /** The remembered replicas; an annotation someone broke reads as none (the operator's record, or one each, then). */
    private static Map<String, Integer> read(String annotation) {
        if (annotation == null || annotation.isBlank() || annotation.length() > 4096) return Map.of();
        try {
            return new TreeMap<>(JSON.readValue(annotation, new TypeReference<Map<String, Integer>>() { }));
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
