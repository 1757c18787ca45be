package io.milvusgitops.simulator.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.simulator.kube.ApiServer;
import io.milvusgitops.simulator.kube.Cluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Plays the Milvus Operator (v1.3.8), one {@link #tick} at a time, as its controllers move what the driver reads
 * (research: zilliztech/milvus-operator at 31b2ec58, summarised in the simulator's docs):
 * <ul>
 *   <li>a {@code Milvus} resource is defaulted (a spec write: the generation moves), gets its Deployments
 *       ({@code <name>-milvus-<component>}, the querynode as a pair {@code -0}/{@code -1}) and a Service, and a status
 *       with {@code MilvusReady}, {@code MilvusUpdated}, {@code currentImage} and {@code observedGeneration}
 *       ({@link OperatorStatus});</li>
 *   <li>a new image rolls out component by component in the operator's dependency order, each next one only when
 *       the one before runs the new image, rolled out; {@code imageUpdateMode: all} changes every one at once;</li>
 *   <li>mixCoord replaces the four coordinators on 2.5, and 2.6 adds the streaming node and drops the index node,
 *       each old Deployment deleted once its successor runs;</li>
 *   <li>a {@code MilvusUpgrade} moves through its states ({@link SimulatedMilvusUpgrade}), with task Pods whose outcome
 *       a test decides.</li>
 * </ul>
 * The Deployments' own rollouts (and a bad image that never becomes ready) are the {@link SimulatedKubelet}'s: the
 * operator only reads their status, as the real one does. Its own Deployment ({@code milvus-operator} in the namespace
 * of that name) tells its version.
 */
public final class SimulatedOperator {

    static final String API = "milvus.io/v1beta1";
    static final String APPS = "apps/v1";
    static final String NAMESPACE = "milvus-operator";
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static final String VERSION_LABEL = "milvus.io/operator-version";

    private final Cluster cluster;
    private final OperatorStatus status;
    private volatile String version;
    private final SimulatedMilvusUpgrade upgrades;
    private volatile boolean dependenciesDown;

    /**
     * The operator of {@code version} ({@code 1.3.8}) in {@code api}'s cluster. {@code stopSettle}: how long a stopped
     * Milvus must stay stopped before a MilvusUpgrade goes on (60 s in the real operator). Its migration Pods change the
     * metadata in {@code metadata} as the real ones change etcd.
     */
    public SimulatedOperator(ApiServer api, Clock clock, String version, Duration stopSettle, MilvusMetadata metadata) {
        this.cluster = api.cluster();
        this.status = new OperatorStatus(cluster);
        this.upgrades = new SimulatedMilvusUpgrade(cluster, clock, stopSettle, metadata);
        this.version = version;
        installSelf(version);
    }

    /** The operator's CRDs, as this module carries them (v1.3.8's {@code config/crd/bases/}, unchanged). */
    static final List<String> CRDS = List.of("milvus.io_milvuses.yaml", "milvus.io_milvusupgrades.yaml");

    /** Loads the operator's real CRDs into {@code api}: from then on it serves, prunes, defaults and validates its resources. */
    public static void loadCrds(ApiServer api) throws IOException {
        for (String file : CRDS) {
            try (InputStream in = SimulatedOperator.class.getResourceAsStream("/io/milvusgitops/simulator/operator/" + file)) {
                if (in == null) throw new IOException("the simulator jar lacks the operator CRD " + file);
                api.cluster().applyYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** A {@code Milvus} resource as a user writes one: the mode, the image of {@code version}, the message queue. */
    public static void createMilvus(ApiServer api, String namespace, String name, String mode, String version, String messageQueue) {
        api.cluster().applyYaml("""
                apiVersion: milvus.io/v1beta1
                kind: Milvus
                metadata: {name: %s, namespace: %s}
                spec:
                  mode: %s
                  components: {image: "milvusdb/milvus:v%s"}
                  dependencies: {msgStreamType: %s}
                """.formatted(name, namespace, mode, version, messageQueue));
    }

    /** The etcd, storage and message queue of every Milvus are down (or up again): no Deployment changes meanwhile. */
    public void dependenciesDown(boolean down) {
        dependenciesDown = down;
    }

    /** The task Pods of this kind ({@code backup-meta}, {@code update-meta}, {@code rollback-meta}) fail (or succeed again). */
    public void failTasks(String kind, boolean fail) {
        upgrades.failTasks(kind, fail);
    }

    /** A new operator version: its Deployment's image changes, as after {@code helm upgrade milvus-operator}. */
    public void version(String version) {
        this.version = version;
        cluster.update(APPS, "Deployment", NAMESPACE, "milvus-operator", d -> {
            ((ObjectNode) d.path("spec").path("template").path("spec").path("containers").path(0)).put("image",
                    "milvusdb/milvus-operator:v" + version);
            ((ObjectNode) d.path("metadata").path("labels")).put("app.kubernetes.io/version", version);
            return d;
        });
    }

    public synchronized void tick() {
        for (ObjectNode m : cluster.list(API, "Milvus", "", "")) milvus(m);
        for (ObjectNode u : cluster.list(API, "MilvusUpgrade", "", "")) upgrades.reconcile(u);
    }

    private void installSelf(String version) {
        cluster.namespace(NAMESPACE);
        if (cluster.get(APPS, "Deployment", NAMESPACE, "milvus-operator").isPresent()) return;
        ObjectNode d = JSON.objectNode().put("apiVersion", APPS).put("kind", "Deployment");
        ObjectNode md = d.putObject("metadata").put("name", "milvus-operator").put("namespace", NAMESPACE);
        md.putObject("labels").put("app.kubernetes.io/name", "milvus-operator").put("app.kubernetes.io/instance", "milvus-operator")
                .put("app.kubernetes.io/version", version);
        ObjectNode spec = d.putObject("spec").put("replicas", 1);
        spec.putObject("selector").putObject("matchLabels").put("app.kubernetes.io/name", "milvus-operator");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app.kubernetes.io/name", "milvus-operator");
        template.putObject("spec").putArray("containers").addObject().put("name", "manager").put("image", "milvusdb/milvus-operator:v" + version);
        cluster.create(d);
        cluster.updateStatus(APPS, "Deployment", NAMESPACE, "milvus-operator", o -> {
            o.putObject("status").put("observedGeneration", 1).put("replicas", 1).put("readyReplicas", 1).put("availableReplicas", 1)
                    .put("updatedReplicas", 1);
            return o;
        });
    }

    /** One reconcile of a Milvus resource: defaults, Deployments (gated), the old components' cleanup, the status. */
    private void milvus(ObjectNode m) {
        String ns = m.path("metadata").path("namespace").asText();
        String name = m.path("metadata").path("name").asText();
        if (!m.path("metadata").path("labels").has(VERSION_LABEL)) {
            // DefaultMeta: the label of the operator that first defaulted the resource and its annotations (no spec change). Its
            // finalizer is left out: the emulated API server deletes at once, finalizers or not.
            m = cluster.update(API, "Milvus", ns, name, o -> {
                ObjectNode md = (ObjectNode) o.path("metadata");
                (md.get("labels") instanceof ObjectNode l ? l : md.putObject("labels")).put(VERSION_LABEL, version);
                (md.get("annotations") instanceof ObjectNode a ? a : md.putObject("annotations")).put("milvus.io/pod-service-label-added", "true")
                        .put("milvus.io/dependency-values-merged", "true");
                return o;
            }).orElse(m);
        }
        ObjectNode defaulted = MilvusDefaults.apply(m.path("spec"));
        if (!defaulted.equals(m.path("spec"))) {
            m = cluster.update(API, "Milvus", ns, name, o -> {
                o.set("spec", defaulted);
                return o;
            }).orElse(m);
        }
        if (!dependenciesDown) {
            service(m);
            MilvusDeployments deployments = new MilvusDeployments(cluster, m);
            for (String c : MilvusTopology.components(m.path("spec"))) deployments.reconcile(c, gate(m, c));
            m = cleanUp(m, deployments);
        }
        status.write(m, dependenciesDown);
    }

    /**
     * Whether component {@code c} may get the spec's image now: at once without rolling update, with
     * {@code imageUpdateMode: all}, or for a component scaled to zero; else only after the status has seen this
     * generation and the component before it in the chain runs the new image, rolled out.
     */
    private boolean gate(ObjectNode m, String c) {
        JsonNode components = m.path("spec").path("components");
        boolean rolling = components.path("enableRollingUpdate").asBoolean(true);
        String mode = components.path("imageUpdateMode").asText("rollingUpgrade");
        if (!rolling || mode.equals("all") || mode.equals("force") || MilvusDefaults.replicas(m.path("spec"), c) == 0) return true;
        if (m.path("status").path("observedGeneration").asLong(0) < m.path("metadata").path("generation").asLong(1)) return false;
        List<String> chain = MilvusTopology.chain(m.path("spec"), m.path("status").path("currentImage").asText(""));
        int at = chain.indexOf(c);
        if (at <= 0) return true;
        return OperatorStatus.updated(m, chain.get(at - 1));
    }

    private void service(ObjectNode m) {
        String ns = m.path("metadata").path("namespace").asText();
        String name = m.path("metadata").path("name").asText() + "-milvus";
        if (cluster.get("v1", "Service", ns, name).isPresent()) return;
        ObjectNode svc = JSON.objectNode().put("apiVersion", "v1").put("kind", "Service");
        ObjectNode md = svc.putObject("metadata").put("name", name).put("namespace", ns);
        md.putObject("labels").put("app.kubernetes.io/instance", m.path("metadata").path("name").asText()).put("app.kubernetes.io/name", "milvus");
        MilvusDeployments.owner(md, m);
        ObjectNode spec = svc.putObject("spec");
        spec.putObject("selector").put("app.kubernetes.io/instance", m.path("metadata").path("name").asText()).put("milvus.io/service", "true");
        spec.putArray("ports").addObject().put("name", "milvus").put("port", 19530).put("targetPort", 19530);
        ((ArrayNode) spec.path("ports")).addObject().put("name", "metrics").put("port", 9091).put("targetPort", 9091);
        cluster.create(svc);
    }

    /**
     * The coordinators go once mixCoord runs the spec's image, rolled out; on 2.6 the index node goes once the proxy does
     * (the last of the chain). Both a Deployment delete and a spec write (the generation moves).
     */
    private ObjectNode cleanUp(ObjectNode m, MilvusDeployments deployments) {
        String ns = m.path("metadata").path("namespace").asText();
        String name = m.path("metadata").path("name").asText();
        JsonNode components = m.path("spec").path("components");
        Optional<ObjectNode> after = Optional.empty();
        if (MilvusTopology.mixCoord(components) && OperatorStatus.updated(m, "mixcoord")) {
            boolean any = MilvusTopology.coordinators().stream().anyMatch(c -> components.has(MilvusTopology.field(c)) || deployments.exists(c));
            if (any) {
                MilvusTopology.coordinators().forEach(deployments::delete);
                after = cluster.update(API, "Milvus", ns, name, o -> {
                    MilvusTopology.coordinators().forEach(c -> ((ObjectNode) o.path("spec").path("components")).remove(MilvusTopology.field(c)));
                    return o;
                });
            }
        }
        if (MilvusTopology.atLeast26(components.path("image").asText()) && OperatorStatus.updated(m, "proxy")
                && (components.has("indexNode") || deployments.exists("indexnode"))) {
            deployments.delete("indexnode");
            after = cluster.update(API, "Milvus", ns, name, o -> {
                ((ObjectNode) o.path("spec").path("components")).remove("indexNode");
                return o;
            });
        }
        return after.orElse(m);
    }
}
