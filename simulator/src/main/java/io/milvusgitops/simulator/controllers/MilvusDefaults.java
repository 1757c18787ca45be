package io.milvusgitops.simulator.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The defaults the Milvus Operator writes into a {@code Milvus} resource's spec on every reconcile (its webhook is off
 * by default, the controller does it): the mode, the image, the update mode, rolling update (off for a standalone
 * with RocksMQ or NATS), the message queue by mode and version, and the components: mixCoord unless coordinators are
 * named (always from 2.6), the index node below 2.6, the streaming node from 2.6.
 */
final class MilvusDefaults {

    static final String DEFAULT_IMAGE = "milvusdb/milvus:v2.6.11";

    private MilvusDefaults() {
    }

    static ObjectNode apply(JsonNode original) {
        ObjectNode spec = original.isObject() ? ((ObjectNode) original).deepCopy() : SimulatedOperator.JSON.objectNode();
        if (!spec.hasNonNull("mode")) spec.put("mode", "standalone");
        ObjectNode c = object(spec, "components");
        if (!c.hasNonNull("image")) c.put("image", DEFAULT_IMAGE);
        if (!c.hasNonNull("imageUpdateMode")) c.put("imageUpdateMode", "rollingUpgrade");
        if (!c.has("rollingMode")) c.put("rollingMode", 2);
        boolean at26 = MilvusTopology.atLeast26(c.path("image").asText());
        boolean cluster = MilvusTopology.cluster(spec);
        ObjectNode deps = object(spec, "dependencies");
        if (!deps.hasNonNull("msgStreamType")) deps.put("msgStreamType", cluster ? "pulsar" : at26 ? "woodpecker" : "rocksmq");
        String mq = deps.path("msgStreamType").asText();
        if (!cluster && (mq.equals("rocksmq") || mq.equals("natsmq"))) c.put("enableRollingUpdate", false);
        else if (!c.hasNonNull("enableRollingUpdate")) c.put("enableRollingUpdate", true);
        replicas(c, "standalone", cluster ? 0 : 1);
        if (cluster) {
            for (String field : List.of("proxy", "dataNode", "queryNode")) replicas(c, field, 1);
            boolean namedCoordinators = MilvusTopology.coordinators().stream().anyMatch(k -> c.has(MilvusTopology.field(k)));
            if (at26 || (!namedCoordinators && !c.has("mixCoord"))) replicas(c, "mixCoord", 1);
            if (namedCoordinators && !c.has("mixCoord")) MilvusTopology.coordinators().forEach(k -> replicas(c, MilvusTopology.field(k), 1));
            if (at26) {
                replicas(c, "streamingNode", 1);
                c.put("streamingMode", true);
            } else {
                replicas(c, "indexNode", 1);
            }
        }
        return spec;
    }

    /** The replicas a component should run now (0 while stopped by a MilvusUpgrade or scaled down). */
    static int replicas(JsonNode spec, String component) {
        JsonNode c = spec.path("components").path(MilvusTopology.field(component));
        if (component.equals("standalone") && MilvusTopology.cluster(spec)) return 0;
        return c.path("replicas").asInt(1);
    }

    private static void replicas(ObjectNode c, String field, int replicas) {
        if (!c.has(field) || !c.path(field).isObject()) c.putObject(field).put("replicas", replicas);
        else if (!c.path(field).has("replicas")) ((ObjectNode) c.path(field)).put("replicas", replicas);
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }
}
