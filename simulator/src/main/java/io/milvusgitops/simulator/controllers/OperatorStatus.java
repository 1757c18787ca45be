package io.milvusgitops.simulator.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.simulator.kube.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The status the Milvus Operator writes at the end of every reconcile, from its Deployments' status: per component
 * its image and rollout ({@code componentsDeployStatus}); {@code MilvusReady} (every component available and the
 * proxy or standalone serving); {@code MilvusUpdated} (every component on the spec's image, rolled out; while not,
 * the reason says whether a rolling upgrade is pending); {@code currentImage} (moves only when both hold);
 * {@code status}: Healthy, Unhealthy (after having been healthy), Pending, or Stopped when every replica is 0;
 * {@code observedGeneration}. The reasons and messages are the operator's own.
 */
final class OperatorStatus {

    private final Cluster cluster;

    OperatorStatus(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Whether the last written status shows {@code component} on the spec's image, rolled out (the gate of the next one). */
    static boolean updated(JsonNode milvus, String component) {
        JsonNode s = milvus.path("status").path("componentsDeployStatus").path(component);
        return s.path("image").asText().equals(milvus.path("spec").path("components").path("image").asText())
                && state(s).equals("Complete");
    }

    /** Complete, Progressing or Failed, as the operator reads a Deployment's status. */
    static String state(JsonNode deployStatus) {
        JsonNode st = deployStatus.path("status");
        if (deployStatus.isMissingNode() || st.path("observedGeneration").asLong(0) < deployStatus.path("generation").asLong(1)) return "Progressing";
        for (JsonNode c : st.path("conditions")) {
            if (!c.path("type").asText().equals("Progressing")) continue;
            if (!c.path("status").asText().equals("True")) return "Failed";
            return c.path("reason").asText().equals("NewReplicaSetAvailable") ? "Complete" : "Progressing";
        }
        return "Progressing";
    }

    void write(ObjectNode m, boolean dependenciesDown) {
        String ns = m.path("metadata").path("namespace").asText();
        String name = m.path("metadata").path("name").asText();
        JsonNode spec = m.path("spec");
        String image = spec.path("components").path("image").asText();
        List<String> components = MilvusTopology.components(spec);
        boolean stopping = components.stream().allMatch(c -> MilvusDefaults.replicas(spec, c) == 0);
        ObjectNode deployStatus = SimulatedOperator.JSON.objectNode();
        List<String> notReady = new ArrayList<>();
        List<String> updating = new ArrayList<>();
        boolean serving = false;
        boolean mismatch = false;
        for (String c : components) {
            Optional<ObjectNode> d = active(m, c);
            if (d.isEmpty()) {
                notReady.add(c);
                updating.add(c);
                mismatch = true;
                continue;
            }
            ObjectNode entry = deployStatus.putObject(c).put("generation", d.get().path("metadata").path("generation").asLong(1))
                    .put("image", MilvusDeployments.image(d.get()));
            entry.set("status", d.get().get("status") instanceof ObjectNode st ? st.deepCopy() : SimulatedOperator.JSON.objectNode());
            if (!available(d.get())) notReady.add(c);
            if (!state(entry).equals("Complete")) updating.add(c);
            if (!MilvusDeployments.image(d.get()).equals(image)) mismatch = true;
            if ((c.equals("proxy") || c.equals("standalone")) && d.get().path("status").path("readyReplicas").asInt() > 0) serving = true;
        }
        if (m.path("metadata").path("labels").has(MilvusDeployments.ROLLING_ID) && !updating.contains("querynode")) updating.add("querynode");
        boolean rolling = spec.path("components").path("enableRollingUpdate").asBoolean(true);
        boolean ready = !stopping && notReady.isEmpty() && serving;
        String previous = m.path("status").path("status").asText("");
        String status = stopping ? "Stopped" : ready ? "Healthy" : (previous.equals("Healthy") || previous.equals("Unhealthy")) ? "Unhealthy" : "Pending";
        boolean updated = updating.isEmpty() && !(rolling && mismatch);
        String downgrade = spec.path("components").path("imageUpdateMode").asText();
        ObjectNode readyCondition = condition("MilvusReady", ready, stopping ? "MilvusStopping" : ready ? "ReasonMilvusHealthy" : "MilvusComponentNotHealthy",
                stopping ? "All Milvus components are stopped" : ready ? "All Milvus components are healthy"
                        : notReady + " not ready, detail: component[" + (notReady.isEmpty() ? "proxy" : notReady.get(0)) + "]: updating deployment");
        ObjectNode updatedCondition;
        if (rolling && mismatch && !stopping) {
            updatedCondition = downgrade.equals("rollingDowngrade")
                    ? condition("MilvusUpdated", false, "MilvusDowngradingImage", "{Milvus is performing rolling downgrade, pending components["
                            + String.join(",", updating) + "]}")
                    : condition("MilvusUpdated", false, "MilvusUpgradingImage", "Milvus is performing rolling upgrade pending components["
                            + String.join(",", updating) + "]");
        } else if (!updating.isEmpty()) {
            updatedCondition = condition("MilvusUpdated", false, "MilvusComponentsUpdating", "Milvus components" + updating + " are updating");
        } else {
            updatedCondition = condition("MilvusUpdated", true, "MilvusComponentsUpdated", "Milvus components are all updated");
        }
        long generation = m.path("metadata").path("generation").asLong(1);
        boolean current = ready && updated;
        cluster.updateStatus(SimulatedOperator.API, "Milvus", ns, name, o -> {
            ObjectNode st = o.get("status") instanceof ObjectNode existing ? existing : o.putObject("status");
            st.put("status", status).put("observedGeneration", generation).put("rollingModeVersion", 2)
                    .put("endpoint", name + "-milvus." + ns + ":19530");
            // Set when the resource is first seen, then only once the cluster runs the spec's image, ready and updated.
            if (current || !st.has("currentImage")) st.put("currentImage", image);
            if (!st.has("currentVersion")) st.put("currentVersion", "");
            st.set("componentsDeployStatus", deployStatus);
            ArrayNode conditions = st.putArray("conditions");
            if (!stopping) {
                conditions.add(condition("EtcdReady", !dependenciesDown, dependenciesDown ? "EtcdNotReady" : "EtcdReady",
                        dependenciesDown ? "All etcd endpoints are unhealthy" : "Etcd endpoints is healthy"));
                conditions.add(condition("StorageReady", !dependenciesDown, dependenciesDown ? "StorageNotReady" : "StorageReady", ""));
                conditions.add(condition("MsgStreamReady", !dependenciesDown, dependenciesDown ? "MsgStreamNotReady" : "MsgStreamReady", ""));
            }
            conditions.add(readyCondition);
            conditions.add(updatedCondition);
            return o;
        });
    }

    /** The active Deployment of a component: the one, or the query node pair's member the resource names. */
    private Optional<ObjectNode> active(ObjectNode m, String component) {
        String ns = m.path("metadata").path("namespace").asText();
        String name = m.path("metadata").path("name").asText();
        if (component.equals("querynode") && MilvusTopology.cluster(m.path("spec"))) {
            // Re-read: the pair's current member may have changed in this very reconcile.
            String current = cluster.get(SimulatedOperator.API, "Milvus", ns, name).map(x -> x.path("metadata").path("annotations")
                    .path(MilvusDeployments.CURRENT_GROUP).asText("0")).orElse("0");
            return cluster.get(SimulatedOperator.APPS, "Deployment", ns, MilvusDeployments.deploymentName(name, "querynode-" + current));
        }
        return cluster.get(SimulatedOperator.APPS, "Deployment", ns, MilvusDeployments.deploymentName(name, component));
    }

    private static boolean available(JsonNode d) {
        for (JsonNode c : d.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Available")) return c.path("status").asText().equals("True");
        }
        return false;
    }

    private static ObjectNode condition(String type, boolean status, String reason, String message) {
        return SimulatedOperator.JSON.objectNode().put("type", type).put("status", status ? "True" : "False").put("reason", reason)
                .put("message", message);
    }
}
