package io.milvusgitops.simulator.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.simulator.kube.ApiServer;
import io.milvusgitops.simulator.kube.Cluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated operator moves a Milvus resource, its Deployments and a MilvusUpgrade the way milvus-operator v1.3.8
 * does (its status words, its rollout order, its states), on the operator's real CRDs.
 */
class SimulatedOperatorTest {

    private static final String NS = "vectors";
    private static final String API = "milvus.io/v1beta1";

    private final Map<String, String> etcd = new ConcurrentHashMap<>();
    private final TestClock clock = new TestClock();
    private ApiServer api;
    private Cluster cluster;
    private SimulatedKubelet kubelet;
    private SimulatedOperator operator;

    @BeforeEach
    void start() throws Exception {
        api = new ApiServer();
        cluster = api.cluster();
        cluster.namespace(NS);
        SimulatedOperator.loadCrds(api);
        MilvusMetadata metadata = new MilvusMetadata() {
            public void put(String key, String value) {
                etcd.put(key, value);
            }

            public void delete(String key) {
                etcd.remove(key);
            }
        };
        kubelet = new SimulatedKubelet(api, NS, clock, clock::advance, Duration.ofSeconds(5), metadata, "recsys");
        operator = new SimulatedOperator(api, clock, "1.3.8", Duration.ofSeconds(60), metadata);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aNewClusterIsDefaultedDeployedAndReportedHealthy() throws Exception {
        create("cluster", "milvusdb/milvus:v2.5.16", "kafka");
        ObjectNode m = settle(r -> "Healthy".equals(r.path("status").path("status").asText()));

        assertThat(m.path("metadata").path("generation").asLong()).as("the operator's defaults are a spec write").isGreaterThan(1);
        assertThat(m.path("metadata").path("labels").path("milvus.io/operator-version").asText()).isEqualTo("1.3.8");
        JsonNode components = m.path("spec").path("components");
        assertThat(components.path("mixCoord").path("replicas").asInt()).isEqualTo(1);
        assertThat(components.path("indexNode").isObject()).isTrue();
        assertThat(components.path("enableRollingUpdate").asBoolean()).isTrue();
        assertThat(m.path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.5.16");
        assertThat(condition(m, "MilvusReady").path("reason").asText()).isEqualTo("ReasonMilvusHealthy");
        assertThat(condition(m, "MilvusUpdated").path("status").asText()).isEqualTo("True");
        assertThat(m.path("status").path("observedGeneration").asLong()).isEqualTo(m.path("metadata").path("generation").asLong());
        assertThat(deployments()).containsOnlyKeys("recsys-milvus-mixcoord", "recsys-milvus-datanode", "recsys-milvus-indexnode",
                "recsys-milvus-proxy", "recsys-milvus-querynode-0", "recsys-milvus-querynode-1", "recsys-milvus-standalone");
        assertThat(deployments().get("recsys-milvus-querynode-1")).as("the idle member of the pair").isEqualTo("dummy x0");
        assertThat(deployments().get("recsys-milvus-standalone")).isEqualTo("milvusdb/milvus:v2.5.16 x0");
        assertThat(etcd).containsKey("recsys/meta/session/proxy-recsys-milvus-proxy");
    }

    @Test
    void aRollingUpgradeTo26GoesComponentByComponentInTheOperatorsOrder() throws Exception {
        create("cluster", "milvusdb/milvus:v2.5.16", "kafka");
        settle(r -> "Healthy".equals(r.path("status").path("status").asText()));

        patch("{\"spec\":{\"components\":{\"image\":\"milvusdb/milvus:v2.6.5\"}}}");
        Set<String> order = new LinkedHashSet<>();
        boolean sawRollingReason = false;
        for (int i = 0; i < 400; i++) {
            tick();
            deployments().forEach((name, image) -> {
                if (image.startsWith("milvusdb/milvus:v2.6.5") && !name.endsWith("standalone")) order.add(name.replace("recsys-milvus-", "").replaceAll("-\\d$", ""));
            });
            ObjectNode m = milvus();
            sawRollingReason |= condition(m, "MilvusUpdated").path("reason").asText().equals("MilvusUpgradingImage");
            if (!m.path("status").path("currentImage").asText().equals("milvusdb/milvus:v2.6.5")) {
                assertThat(condition(m, "MilvusUpdated").path("status").asText()).as("current image moves last").isEqualTo("False");
            } else if (!deployments().containsKey("recsys-milvus-indexnode")) {
                break;
            }
        }
        assertThat(order).containsExactly("streamingnode", "mixcoord", "querynode", "datanode", "proxy");
        assertThat(sawRollingReason).isTrue();
        ObjectNode m = milvus();
        assertThat(m.path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.6.5");
        assertThat(m.path("spec").path("components").has("indexNode")).as("2.6 drops the index node from the spec").isFalse();
        assertThat(m.path("spec").path("components").path("streamingMode").asBoolean()).isTrue();
        assertThat(deployments()).doesNotContainKey("recsys-milvus-indexnode").containsKey("recsys-milvus-streamingnode");
    }

    @Test
    void aMilvusUpgradeStopsMigratesAndStartsTheTargetImage() throws Exception {
        create("cluster", "milvusdb/milvus:v2.1.4", "kafka");
        settle(r -> "Healthy".equals(r.path("status").path("status").asText()));
        createUpgrade(true);

        List<String> states = new ArrayList<>();
        ObjectNode u = settleUpgrade(states, s -> s.equals("Succeeded"));
        assertThat(states).containsSubsequence("OldVersionStopping", "BackupMeta", "UpdatingMeta", "Succeeded");
        assertThat(condition(u, "Upgraded").path("status").asText()).isEqualTo("True");
        assertThat(u.path("status").path("replicasBeforeUprade").path("proxy").asInt()).isEqualTo(1);
        assertThat(etcd).containsEntry("recsys/meta/migrated-by", "recsys-upgrade");
        assertThat(cluster.list("v1", "Pod", NS, "milvus.io/upgrade=recsys-upgrade")).extracting(p -> p.path("metadata").path("name").asText())
                .contains("recsys-upgrade-backup-meta", "recsys-upgrade-update-meta");

        ObjectNode m = settle(r -> "Healthy".equals(r.path("status").path("status").asText())
                && r.path("status").path("currentImage").asText().equals("milvusdb/milvus:v2.2.16"));
        assertThat(m.path("spec").path("components").path("proxy").path("replicas").asInt()).as("replicas back").isEqualTo(1);
        assertThat(m.path("metadata").path("annotations").has(SimulatedMilvusUpgrade.STOPPED_AT)).isFalse();
    }

    @Test
    void aFailedMigrationStaysFailedUntilItIsRolledBackAndAFailedRollbackLeavesMilvusStopped() throws Exception {
        create("cluster", "milvusdb/milvus:v2.1.4", "kafka");
        settle(r -> "Healthy".equals(r.path("status").path("status").asText()));
        operator.failTasks("update-meta", true);
        createUpgrade(false);

        List<String> states = new ArrayList<>();
        settleUpgrade(states, s -> s.equals("UpdateMetaFailed"));
        for (int i = 0; i < 5; i++) tick();
        assertThat(upgrade().path("status").path("state").asText()).as("rollbackIfFailed: false").isEqualTo("UpdateMetaFailed");
        assertThat(etcd).containsKey("recsys/meta/partially-migrated");
        assertThat(milvus().path("status").path("status").asText()).isEqualTo("Stopped");

        cluster.update(API, "MilvusUpgrade", NS, "recsys-upgrade", o -> {
            ((ObjectNode) o.path("spec")).put("operation", "rollback");
            return o;
        });
        ObjectNode u = settleUpgrade(states, s -> s.equals("RollbackedSucceeded"));
        assertThat(condition(u, "Rollbacked").path("status").asText()).isEqualTo("True");
        assertThat(etcd).doesNotContainKey("recsys/meta/partially-migrated");
        settle(r -> "Healthy".equals(r.path("status").path("status").asText()) && r.path("spec").path("components").path("image").asText()
                .equals("milvusdb/milvus:v2.1.4"));
    }

    @Test
    void aRollbackWhoseRestoreFailsEndsInRollbackFailed() throws Exception {
        create("cluster", "milvusdb/milvus:v2.1.4", "kafka");
        settle(r -> "Healthy".equals(r.path("status").path("status").asText()));
        operator.failTasks("update-meta", true);
        operator.failTasks("rollback-meta", true);
        createUpgrade(false);
        List<String> states = new ArrayList<>();
        settleUpgrade(states, s -> s.equals("UpdateMetaFailed"));
        cluster.update(API, "MilvusUpgrade", NS, "recsys-upgrade", o -> {
            ((ObjectNode) o.path("spec")).put("operation", "rollback");
            return o;
        });
        settleUpgrade(states, s -> s.equals("RollbackFailed"));
        for (int i = 0; i < 5; i++) tick();
        assertThat(upgrade().path("status").path("state").asText()).isEqualTo("RollbackFailed");
        assertThat(milvus().path("status").path("status").asText()).as("Milvus stays stopped").isEqualTo("Stopped");
        assertThat(etcd).containsKey("recsys/meta/partially-migrated");
    }

    @Test
    void anImageThatNeverBecomesReadyKeepsTheResourceUpdatingAndTheCurrentImageOld() throws Exception {
        create("standalone", "milvusdb/milvus:v2.5.16", "woodpecker");
        settle(r -> "Healthy".equals(r.path("status").path("status").asText()));
        kubelet.markBad("v2.5.17");
        patch("{\"spec\":{\"components\":{\"image\":\"milvusdb/milvus:v2.5.17\"}}}");
        for (int i = 0; i < 60; i++) tick();
        ObjectNode m = milvus();
        assertThat(condition(m, "MilvusUpdated").path("status").asText()).isEqualTo("False");
        assertThat(m.path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.5.16");
        assertThat(m.path("status").path("status").asText()).isEqualTo("Unhealthy");
    }

    @Test
    void theCrdsAreTheOperatorsOwn() throws Exception {
        for (String file : SimulatedOperator.CRDS) {
            try (var in = SimulatedOperator.class.getResourceAsStream("/io/milvusgitops/simulator/operator/" + file)) {
                assertThat(in.readAllBytes()).as(file).isEqualTo(Files.readAllBytes(reference("operator").resolve(file)));
            }
        }
    }

    // --- helpers

    private void create(String mode, String image, String mq) {
        cluster.applyYaml("""
                apiVersion: milvus.io/v1beta1
                kind: Milvus
                metadata: {name: recsys, namespace: %s}
                spec:
                  mode: %s
                  components: {image: "%s"}
                  dependencies: {msgStreamType: %s}
                """.formatted(NS, mode, image, mq));
    }

    private void createUpgrade(boolean rollbackIfFailed) {
        cluster.applyYaml("""
                apiVersion: milvus.io/v1beta1
                kind: MilvusUpgrade
                metadata: {name: recsys-upgrade, namespace: %s}
                spec:
                  milvus: {namespace: %s, name: recsys}
                  sourceVersion: "v2.1.4"
                  targetVersion: "v2.2.16"
                  targetImage: "milvusdb/milvus:v2.2.16"
                  toolImage: "milvusdb/meta-migration:v2.2.0"
                  rollbackIfFailed: %s
                """.formatted(NS, NS, rollbackIfFailed));
    }

    private void patch(String json) {
        cluster.update(API, "Milvus", NS, "recsys", o -> {
            JsonNode p = Cluster.parse(json);
            ((ObjectNode) o.path("spec").path("components")).put("image", p.path("spec").path("components").path("image").asText());
            return o;
        });
    }

    private void tick() throws Exception {
        operator.tick();
        kubelet.tick(Duration.ofSeconds(2));
    }

    private ObjectNode settle(Predicate<ObjectNode> done) throws Exception {
        for (int i = 0; i < 300; i++) {
            tick();
            ObjectNode m = milvus();
            if (done.test(m)) return m;
        }
        throw new AssertionError("never settled: " + milvus().path("status"));
    }

    private ObjectNode settleUpgrade(List<String> states, Predicate<String> done) throws Exception {
        for (int i = 0; i < 300; i++) {
            tick();
            ObjectNode u = upgrade();
            String state = u.path("status").path("state").asText();
            if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) states.add(state);
            if (done.test(state)) return u;
        }
        throw new AssertionError("the MilvusUpgrade went through " + states);
    }

    private ObjectNode milvus() {
        return cluster.get(API, "Milvus", NS, "recsys").orElseThrow();
    }

    private ObjectNode upgrade() {
        return cluster.get(API, "MilvusUpgrade", NS, "recsys-upgrade").orElseThrow();
    }

    /** Each Deployment of the resource: "image xReplicas". */
    private Map<String, String> deployments() {
        Map<String, String> out = new TreeMap<>();
        for (ObjectNode d : cluster.list("apps/v1", "Deployment", NS, "app.kubernetes.io/instance=recsys")) {
            out.put(d.path("metadata").path("name").asText(), MilvusDeployments.image(d) + " x" + d.path("spec").path("replicas").asInt());
        }
        return out;
    }

    private static JsonNode condition(JsonNode resource, String type) {
        for (JsonNode c : resource.path("status").path("conditions")) if (c.path("type").asText().equals(type)) return c;
        return MissingNode.getInstance();
    }

    static Path reference(String dir) {
        for (Path p : new Path[] {Path.of("../../shared/reference"), Path.of("../shared/reference")}) {
            if (Files.isDirectory(p)) return p.resolve(dir).toAbsolutePath().normalize();
        }
        throw new IllegalStateException("shared/reference not found beside the checkout");
    }

    /** A clock the kubelet moves on every tick. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-04T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }
}
