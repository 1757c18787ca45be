package io.milvusgitops.simulator.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.simulator.kube.Cluster;
import java.util.Optional;

/**
 * The Deployments the Milvus Operator makes for one {@code Milvus} resource: {@code <name>-milvus-<component>}, labelled
 * {@code app.kubernetes.io/instance=<name>}, {@code app.kubernetes.io/component=<component>},
 * {@code app.kubernetes.io/name=milvus}, owned by the resource. The query node (cluster mode) is a pair,
 * {@code -querynode-0} and {@code -querynode-1}: a new image goes to the idle one, which is scaled up while the
 * active one is scaled down; the resource's annotation {@code milvus.io/querynode-current-group-id} names the active
 * one and the label {@code milvus.io/querynode-rolling-id} is set while they swap.
 */
final class MilvusDeployments {

    static final String CURRENT_GROUP = "milvus.io/querynode-current-group-id";
    static final String ROLLING_ID = "milvus.io/querynode-rolling-id";
    static final String GROUP_ID = "milvus.io/querynode-group-id";

    private final Cluster cluster;
    private final ObjectNode milvus;
    private final String ns;
    private final String name;

    MilvusDeployments(Cluster cluster, ObjectNode milvus) {
        this.cluster = cluster;
        this.milvus = milvus;
        this.ns = milvus.path("metadata").path("namespace").asText();
        this.name = milvus.path("metadata").path("name").asText();
    }

    static String deploymentName(String milvus, String component) {
        return milvus + "-milvus-" + component;
    }

    boolean exists(String component) {
        return cluster.get(SimulatedOperator.APPS, "Deployment", ns, deploymentName(name, component)).isPresent();
    }

    void delete(String component) {
        cluster.delete(SimulatedOperator.APPS, "Deployment", ns, deploymentName(name, component));
    }

    /** Creates or updates the component's Deployment; it gets the spec's image when created, or when {@code newImage} allows. */
    void reconcile(String component, boolean newImage) {
        int replicas = MilvusDefaults.replicas(milvus.path("spec"), component);
        String image = milvus.path("spec").path("components").path("image").asText();
        if (component.equals("querynode") && MilvusTopology.cluster(milvus.path("spec"))) {
            queryNodePair(replicas, image, newImage);
            return;
        }
        String deployment = deploymentName(name, component);
        Optional<ObjectNode> existing = cluster.get(SimulatedOperator.APPS, "Deployment", ns, deployment);
        if (existing.isEmpty()) {
            cluster.create(deployment(deployment, component, image, replicas, Optional.empty()));
            return;
        }
        String running = image(existing.get());
        String wanted = newImage ? image : running;
        if (running.equals(wanted) && existing.get().path("spec").path("replicas").asInt() == replicas) return;
        cluster.update(SimulatedOperator.APPS, "Deployment", ns, deployment, d -> {
            ((ObjectNode) d.path("spec")).put("replicas", replicas);
            ((ObjectNode) d.path("spec").path("template").path("spec").path("containers").path(0)).put("image", wanted);
            return d;
        });
    }

    /**
     * The pair: the active member runs the replicas; a new image goes to the other one (prepare), which then takes the
     * replicas over once it runs (swap), the label {@value #ROLLING_ID} set meanwhile.
     */
    private void queryNodePair(int replicas, String image, boolean newImage) {
        String current = milvus.path("metadata").path("annotations").path(CURRENT_GROUP).asText("0");
        String other = current.equals("0") ? "1" : "0";
        String active = deploymentName(name, "querynode-" + current);
        String idle = deploymentName(name, "querynode-" + other);
        if (cluster.get(SimulatedOperator.APPS, "Deployment", ns, active).isEmpty()) {
            cluster.create(deployment(active, "querynode", image, replicas, Optional.of(current)));
            cluster.create(deployment(idle, "querynode", "dummy", 0, Optional.of(other)));
            cluster.update(SimulatedOperator.API, "Milvus", ns, name, m -> {
                annotations(m).put(CURRENT_GROUP, current);
                return m;
            });
            return;
        }
        ObjectNode activeDeployment = cluster.get(SimulatedOperator.APPS, "Deployment", ns, active).orElseThrow();
        boolean rolling = milvus.path("metadata").path("labels").has(ROLLING_ID);
        if (rolling) {
            // The swap: the new member (now active) takes the replicas; once it serves, the old one is scaled down.
            JsonNode status = activeDeployment.path("status");
            cluster.update(SimulatedOperator.APPS, "Deployment", ns, active, d -> {
                ((ObjectNode) d.path("spec")).put("replicas", replicas);
                return d;
            });
            boolean serving = status.path("readyReplicas").asInt() >= replicas && status.path("observedGeneration").asLong()
                    >= activeDeployment.path("metadata").path("generation").asLong();
            if (serving) {
                cluster.update(SimulatedOperator.APPS, "Deployment", ns, idle, d -> {
                    ((ObjectNode) d.path("spec")).put("replicas", 0);
                    return d;
                });
                cluster.update(SimulatedOperator.API, "Milvus", ns, name, m -> {
                    if (m.path("metadata").get("labels") instanceof ObjectNode l) l.remove(ROLLING_ID);
                    return m;
                });
            }
            return;
        }
        if (newImage && !image(activeDeployment).equals(image) && replicas > 0) {
            // Prepare: the idle member gets the new template and becomes the active one.
            cluster.update(SimulatedOperator.APPS, "Deployment", ns, idle, d -> {
                ((ObjectNode) d.path("spec").path("template").path("spec").path("containers").path(0)).put("image", image);
                ((ObjectNode) d.path("spec")).put("replicas", replicas);
                return d;
            });
            String generation = milvus.path("metadata").path("generation").asText();
            cluster.update(SimulatedOperator.API, "Milvus", ns, name, m -> {
                annotations(m).put(CURRENT_GROUP, other);
                (m.path("metadata").get("labels") instanceof ObjectNode l ? l : ((ObjectNode) m.path("metadata")).putObject("labels"))
                        .put(ROLLING_ID, generation);
                return m;
            });
            return;
        }
        // Stopped (or starting from stopped): no pair to swap, the active member takes the image with its replicas.
        boolean stopped = activeDeployment.path("spec").path("replicas").asInt() == 0;
        String wanted = (newImage && (stopped || replicas == 0)) ? image : image(activeDeployment);
        if (activeDeployment.path("spec").path("replicas").asInt() != replicas || !image(activeDeployment).equals(wanted)) {
            cluster.update(SimulatedOperator.APPS, "Deployment", ns, active, d -> {
                ((ObjectNode) d.path("spec")).put("replicas", replicas);
                ((ObjectNode) d.path("spec").path("template").path("spec").path("containers").path(0)).put("image", wanted);
                return d;
            });
        }
    }

    private ObjectNode deployment(String deployment, String component, String image, int replicas, Optional<String> group) {
        ObjectNode d = SimulatedOperator.JSON.objectNode().put("apiVersion", SimulatedOperator.APPS).put("kind", "Deployment");
        ObjectNode md = d.putObject("metadata").put("name", deployment).put("namespace", ns);
        ObjectNode labels = md.putObject("labels").put("app.kubernetes.io/instance", name).put("app.kubernetes.io/component", component)
                .put("app.kubernetes.io/name", "milvus").put("app.kubernetes.io/managed-by", "milvus-operator");
        group.ifPresent(g -> labels.put(GROUP_ID, g));
        owner(md, milvus);
        boolean node = component.endsWith("node") || component.equals("proxy");
        boolean rolling = milvus.path("spec").path("components").path("enableRollingUpdate").asBoolean(true);
        ObjectNode spec = d.putObject("spec").put("replicas", replicas);
        if (rolling) spec.put("minReadySeconds", 30);
        spec.putObject("selector").set("matchLabels", labels.deepCopy());
        ObjectNode strategy = spec.putObject("strategy");
        if (node || rolling) strategy.put("type", "RollingUpdate").putObject("rollingUpdate").put("maxSurge", 1).put("maxUnavailable", 0);
        else strategy.put("type", "Recreate");
        ObjectNode template = spec.putObject("template");
        ObjectNode templateLabels = labels.deepCopy();
        if (component.equals("proxy") || component.equals("standalone")) templateLabels.put("milvus.io/service", "true");
        template.putObject("metadata").set("labels", templateLabels);
        ObjectNode container = template.putObject("spec").putArray("containers").addObject().put("name", component).put("image", image);
        container.putArray("args").add("/milvus/tools/run.sh").add("milvus").add("run").add(component);
        return d;
    }

    static void owner(ObjectNode md, JsonNode milvus) {
        md.putArray("ownerReferences").addObject().put("apiVersion", SimulatedOperator.API).put("kind", "Milvus")
                .put("name", milvus.path("metadata").path("name").asText()).put("uid", milvus.path("metadata").path("uid").asText())
                .put("controller", true).put("blockOwnerDeletion", true);
    }

    static String image(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText();
    }

    private static ObjectNode annotations(ObjectNode m) {
        ObjectNode md = (ObjectNode) m.path("metadata");
        return md.get("annotations") instanceof ObjectNode a ? a : md.putObject("annotations");
    }
}
