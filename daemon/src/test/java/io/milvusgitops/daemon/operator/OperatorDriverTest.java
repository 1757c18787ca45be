package io.milvusgitops.daemon.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.daemon.testing.MutableClock;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.daemon.testing.Run;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.controllers.MilvusMetadata;
import io.milvusgitops.simulator.controllers.SimulatedKubelet;
import io.milvusgitops.simulator.controllers.SimulatedOperator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Operator driver end to end on the emulator: the operator's REAL CRDs (their schema checks every write), the
 * simulated operator and kubelet moving the Milvus resource, its Deployments and a MilvusUpgrade over a test clock, and
 * the REAL etcd. Every hop kind the planner gives for {@code method: operator}, with the planner's own steps; every step
 * is run once more right after it is done, as after a crash between its act and its record, and must change nothing.
 * Assertions are on the resulting resources, Deployments and etcd.
 */
class OperatorDriverTest {

    static final String NS = "vectors";
    static final String NAME = "recsys";
    static final Duration STEP = Duration.ofSeconds(5);

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @TempDir
    Path tmp;
    EmulatedKube kube;
    MutableClock clock;
    SimulatedKubelet kubelet;
    SimulatedOperator operator;
    OperatorDriver driver;
    Target target = target(DeployMode.CLUSTER, MessageQueue.KAFKA);

    static Target target(DeployMode mode, MessageQueue mq) {
        return new Target(NAME, DeployMethod.OPERATOR, mode, mq, NAME, false, new Location.MilvusResource("test", NS, NAME));
    }

    @BeforeEach
    void setUp() throws Exception {
        etcd.clear(NAME);
        kube = new EmulatedKube(NS);
        clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        SimulatedOperator.loadCrds(kube.api());
        MilvusMetadata metadata = MilvusMetadata.etcd(etcd.client().getKVClient());
        kubelet = new SimulatedKubelet(kube.api(), NS, clock, clock::advance, Duration.ofSeconds(20), metadata, NAME);
        operator = new SimulatedOperator(kube.api(), clock, "1.3.8", Duration.ofSeconds(60), metadata);
        driver = new OperatorDriver(kube.client(), new EtcdMetadata(etcd.client(), Duration.ofSeconds(10), clock),
                new DirectoryBackupStore(tmp.resolve("backups")), clock, STEP);
    }

    @AfterEach
    void tearDown() {
        kube.close();
    }

    // --- observing

    @Test
    void observesWhatTheOperatorReportsAndTheDeploymentsItMade() throws Exception {
        assertThat(driver.observe(target)).as("no Milvus resource").isEmpty();
        create("cluster", "2.5.16", "kafka");
        assertThat(driver.observe(target)).hasValueSatisfying(o -> assertThat(o.health()).as("not reconciled yet").isEqualTo(Health.PROGRESSING));
        settle();

        TargetDriver.Observed o = driver.observe(target).orElseThrow();
        assertThat(o.version()).contains(Version.parse("2.5.16"));
        assertThat(o.health()).isEqualTo(Health.HEALTHY);
        assertThat(o.mode()).isEqualTo(DeployMode.CLUSTER);
        assertThat(o.messageQueue()).isEqualTo(MessageQueue.KAFKA);

        // Half done: rolling, the operator moves one component at a time and waits for it; the first never becomes ready.
        kubelet.markBad("v2.5.17");
        kube.api().cluster().update("milvus.io/v1beta1", "Milvus", NS, NAME, m -> {
            ((ObjectNode) m.path("spec").path("components")).put("image", "milvusdb/milvus:v2.5.17").put("imageUpdateMode", "rollingUpgrade");
            return m;
        });
        for (int i = 0; i < 3; i++) tick();
        TargetDriver.Observed half = driver.observe(target).orElseThrow();
        assertThat(half.version()).as("components on two versions").isEmpty();
        assertThat(half.lowest()).isEqualTo(Version.parse("2.5.16"));
        for (int i = 0; i < 10; i++) tick();
        assertThat(driver.observe(target).orElseThrow().health()).as("the operator says Unhealthy").isEqualTo(Health.DEGRADED);
    }

    @Test
    void aResourceWhoseRootPathIsNotTheFleetsStopsBeforeAnythingChanges() throws Exception {
        create("cluster", "2.4.5", "kafka");
        settle();
        target = new Target(NAME, DeployMethod.OPERATOR, DeployMode.CLUSTER, MessageQueue.KAFKA, "by-dev", false, target.location());
        Hop hop = onlyHop("2.4.5", "2.5.16", DeployMode.CLUSTER, MessageQueue.KAFKA);
        Run run = run(hop, hop.steps(), false);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message())
                .contains("'recsys'").contains("correct etcdRootPath"));
        assertThat(spec().path("components").path("image").asText()).isEqualTo("milvusdb/milvus:v2.4.5");
    }

    // --- rolling and recreate

    @Test
    void aRollingHopSetsTheImageAndFollowsTheOperatorUntilItReportsTheNewImage() throws Exception {
        create("cluster", "2.4.5", "kafka");
        settle();
        Hop hop = onlyHop("2.4.5", "2.5.16", DeployMode.CLUSTER, MessageQueue.KAFKA);
        assertThat(hop.kind()).isEqualTo(HopKind.ROLLING);

        Run run = run(hop, hop.steps(), true);
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();
        JsonNode m = milvus();
        assertThat(m.path("spec").path("components").path("imageUpdateMode").asText()).isEqualTo("rollingUpgrade");
        assertThat(m.path("spec").path("components").path("enableRollingUpdate").asBoolean()).isTrue();
        assertThat(m.path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.5.16");
        // The querynode pair: the member that serves now runs the new image; the idle one keeps the old at 0 replicas.
        assertThat(images(true)).allSatisfy((name, image) -> assertThat(image).as(name).isIn("milvusdb/milvus:v2.5.16", "dummy"));
        assertThat(driver.observe(target).orElseThrow().version()).contains(Version.parse("2.5.16"));
    }

    @Test
    void theSmokeTestAsksMilvusBehindTheOperatorsServiceThroughTheSdk() throws Exception {
        create("cluster", "2.4.5", "kafka");
        settle();
        Hop hop = onlyHop("2.4.5", "2.5.16", DeployMode.CLUSTER, MessageQueue.KAFKA);
        Step.SmokeTest smoke = new Step.SmokeTest(Version.parse("2.4.5"));
        assertThat(run(hop, List.of(smoke), false).last()).isInstanceOfSatisfying(StepOutcome.Done.class,
                d -> assertThat(d.what()).contains("GetVersion 2.4.5"));
        // A proxy that does not answer at all is a failed smoke test, within the SDK's deadline, not a hang.
        kubelet.milvus(NAME).refusing(true);
        assertThat(run(hop, List.of(smoke), false).last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.NOT_READY);
            assertThat(f.message()).contains("did not answer").doesNotContain("Exception");
        });
    }

    @Test
    void aRollingHopWhoseImageNeverBecomesReadyFailsAndRollsTheOldImageBack() throws Exception {
        create("cluster", "2.4.5", "kafka");
        settle();
        kubelet.markBad("v2.5.16");
        Hop hop = onlyHop("2.4.5", "2.5.16", DeployMode.CLUSTER, MessageQueue.KAFKA);

        Run run = run(hop, hop.steps(), false);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isIn(FailureReason.NOT_READY, FailureReason.ROLLOUT_TIMEOUT);
            assertThat(f.message()).contains("MilvusUpdated");
        });
        Run back = run(hop, hop.rollback(), true);
        assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();
        JsonNode m = milvus();
        assertThat(m.path("spec").path("components").path("imageUpdateMode").asText()).isEqualTo("rollingDowngrade");
        assertThat(m.path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.4.5");
        assertThat(m.path("status").path("status").asText()).isEqualTo("Healthy");
    }

    @Test
    void aStandaloneOnRocksMqIsRecreatedWithEveryComponentAtOnce() throws Exception {
        target = target(DeployMode.STANDALONE, MessageQueue.ROCKSMQ);
        create("standalone", "2.4.5", "rocksmq");
        settle();
        assertThat(spec().path("components").path("enableRollingUpdate").asBoolean()).as("the operator's default for RocksMQ").isFalse();
        Hop hop = onlyHop("2.4.5", "2.5.16", DeployMode.STANDALONE, MessageQueue.ROCKSMQ);
        assertThat(hop.kind()).isEqualTo(HopKind.RECREATE);

        Run run = run(hop, hop.steps(), true);
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();
        assertThat(spec().path("components").path("imageUpdateMode").asText()).isEqualTo("all");
        assertThat(milvus().path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.5.16");
    }

    // --- meta migration

    @Test
    void aMetaMigrationBacksUpThenLetsAMilvusUpgradeMigrateAndStartTheNewImage() throws Exception {
        create("cluster", "2.1.4", "kafka");
        settle();
        Hop hop = onlyHop("2.1.4", "2.2.16", DeployMode.CLUSTER, MessageQueue.KAFKA);
        assertThat(hop.kind()).isEqualTo(HopKind.META_MIGRATION);

        Run run = run(hop, hop.steps(), true);
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();
        List<ObjectNode> upgrades = kube.api().cluster().list("milvus.io/v1beta1", "MilvusUpgrade", NS, "");
        assertThat(upgrades).as("one MilvusUpgrade, however often the step ran").hasSize(1);
        JsonNode u = upgrades.get(0);
        assertThat(u.path("spec").path("targetImage").asText()).isEqualTo("milvusdb/milvus:v2.2.16");
        assertThat(u.path("spec").path("toolImage").asText()).startsWith("milvusdb/meta-migration:");
        assertThat(u.path("spec").path("rollbackIfFailed").asBoolean()).isFalse();
        assertThat(u.path("status").path("state").asText()).isEqualTo("Succeeded");
        assertThat(etcdDump()).containsKey("recsys/meta/migrated-by");
        assertThat(milvus().path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.2.16");
    }

    @Test
    void aFailedMigrationIsRolledBackByTheOperatorAndOurBackupIsNotNeeded() throws Exception {
        create("cluster", "2.1.4", "kafka");
        settle();
        operator.failTasks("update-meta", true);
        Hop hop = onlyHop("2.1.4", "2.2.16", DeployMode.CLUSTER, MessageQueue.KAFKA);

        Run run = run(hop, hop.steps(), false);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.JOB_FAILED);
            assertThat(f.message()).contains("UpdateMetaFailed");
        });
        assertThat(etcdDump()).containsKey("recsys/meta/partially-migrated");

        Run back = run(hop, hop.rollback(), true);
        assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();
        assertThat(((StepOutcome.Done) back.outcomes().get(0)).what()).contains("rolled").contains("back");
        assertThat(back.outcomes().subList(1, 5)).allSatisfy(o -> assertThat(((StepOutcome.Done) o).what()).startsWith("not needed"));
        assertThat(etcdDump()).doesNotContainKey("recsys/meta/partially-migrated");
        assertThat(kube.api().cluster().list("milvus.io/v1beta1", "MilvusUpgrade", NS, "").get(0).path("status").path("state").asText())
                .isEqualTo("RollbackedSucceeded");
        assertThat(milvus().path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.1.4");
        assertThat(milvus().path("status").path("status").asText()).isEqualTo("Healthy");
    }

    @Test
    void whenTheOperatorsRollbackFailsOurBackupIsRestoredAndTheOldImageStarted() throws Exception {
        create("cluster", "2.1.4", "kafka");
        settle();
        Map<String, String> before = etcdDump();
        operator.failTasks("update-meta", true);
        operator.failTasks("rollback-meta", true);
        Hop hop = onlyHop("2.1.4", "2.2.16", DeployMode.CLUSTER, MessageQueue.KAFKA);

        assertThat(run(hop, hop.steps(), false).last()).isInstanceOf(StepOutcome.Failed.class);
        Run back = run(hop, hop.rollback(), true);
        assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();
        assertThat(((StepOutcome.Done) back.outcomes().get(0)).what()).contains("could not roll");
        assertThat(etcdDump()).as("our backup, byte for byte").isEqualTo(before);
        JsonNode m = milvus();
        assertThat(m.path("spec").path("components").path("image").asText()).isEqualTo("milvusdb/milvus:v2.1.4");
        assertThat(m.path("spec").path("components").path("proxy").path("replicas").asInt()).as("replicas the operator recorded").isEqualTo(1);
        assertThat(m.path("status").path("status").asText()).isEqualTo("Healthy");
    }

    // --- 2.5 -> 2.6

    @Test
    void anOperatorOlderThan130IsRefusedWithTheRemedyBeforeAnythingChanges() throws Exception {
        operator.version("1.2.0");
        create("cluster", "2.5.16", "kafka");
        settle();
        List<Hop> hops = plan("2.5.16", "2.6.15", DeployMode.CLUSTER, MessageQueue.KAFKA);
        Run run = run(hops.get(0), hops.get(0).steps(), false);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message())
                .contains("v1.2.0").contains("v1.3.0 or later").contains("helm -n milvus-operator upgrade milvus-operator"));
        assertThat(spec().path("components").path("image").asText()).isEqualTo("milvusdb/milvus:v2.5.16");
    }

    @Test
    void toThe26LineMixCoordFirstThenTheNewImageAndTheOperatorRemovesTheIndexNode() throws Exception {
        create("cluster", "2.5.16", "kafka", "rootCoord: {replicas: 1}\n    dataCoord: {replicas: 1}\n    queryCoord: {replicas: 1}\n"
                + "    indexCoord: {replicas: 1}");
        settle();
        assertThat(images()).containsKey("recsys-milvus-rootcoord");

        for (Hop hop : plan("2.5.16", "2.6.15", DeployMode.CLUSTER, MessageQueue.KAFKA)) {
            Run run = run(hop, hop.steps(), true);
            assertThat(run.completed(hop.steps().size())).as("%s: %s", hop.kind(), run.outcomes()).isTrue();
        }
        JsonNode m = milvus();
        assertThat(m.path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.6.15");
        assertThat(m.path("spec").path("components").has("indexNode")).isFalse();
        assertThat(m.path("spec").path("components").has("rootCoord")).isFalse();
        assertThat(images()).containsKeys("recsys-milvus-mixcoord", "recsys-milvus-streamingnode")
                .doesNotContainKeys("recsys-milvus-indexnode", "recsys-milvus-rootcoord");
        assertThat(spec().path("dependencies").path("msgStreamType").asText()).as("the queue is kept").isEqualTo("kafka");
    }

    @Test
    void aFailed26UpgradeIsRolledBackToThe25ImageWithoutTheStreamingNode() throws Exception {
        create("cluster", "2.5.16", "kafka");
        settle();
        Map<String, String> before = etcdDump();
        kubelet.markBad("v2.6.15");
        List<Hop> hops = plan("2.5.16", "2.6.15", DeployMode.CLUSTER, MessageQueue.KAFKA);
        Hop hop = hops.get(hops.size() - 1);
        assertThat(hop.kind()).isEqualTo(HopKind.TOPOLOGY_CHANGE);

        assertThat(run(hop, hop.steps(), false).last()).isInstanceOf(StepOutcome.Failed.class);
        Run back = run(hop, hop.rollback(), true);
        assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();
        JsonNode m = milvus();
        assertThat(m.path("status").path("currentImage").asText()).isEqualTo("milvusdb/milvus:v2.5.16");
        assertThat(m.path("spec").path("components").has("streamingNode")).isFalse();
        assertThat(m.path("spec").path("components").path("streamingMode").asBoolean()).isFalse();
        assertThat(m.path("metadata").path("annotations").has(MilvusPatches.REPLICAS_ANNOTATION)).isFalse();
        assertThat(etcdDump()).as("the metadata as before the hop").isEqualTo(before);
    }

    // --- helpers

    void create(String mode, String version, String mq) {
        create(mode, version, mq, "");
    }

    void create(String mode, String version, String mq, String components) {
        kube.api().cluster().applyYaml("""
                apiVersion: milvus.io/v1beta1
                kind: Milvus
                metadata: {name: %s, namespace: %s}
                spec:
                  mode: %s
                  components:
                    image: "milvusdb/milvus:v%s"
                    %s
                  dependencies: {msgStreamType: %s}
                """.formatted(NAME, NS, mode, version, components, mq));
    }

    void tick() throws Exception {
        operator.tick();
        kubelet.tick(STEP);
    }

    void settle() throws Exception {
        for (int i = 0; i < 200; i++) {
            tick();
            if (driver.observe(target).map(o -> o.health() == Health.HEALTHY).orElse(false)) return;
        }
        throw new AssertionError("never healthy: " + milvus().path("status"));
    }

    JsonNode milvus() {
        return kube.api().cluster().get("milvus.io/v1beta1", "Milvus", NS, NAME).orElseThrow();
    }

    JsonNode spec() {
        return milvus().path("spec");
    }

    Map<String, String> images() {
        return images(false);
    }

    /** Each Deployment's image; with {@code runningOnly}, of those with replicas. */
    Map<String, String> images(boolean runningOnly) {
        Map<String, String> out = new TreeMap<>();
        for (ObjectNode d : kube.api().cluster().list("apps/v1", "Deployment", NS, "app.kubernetes.io/instance=" + NAME)) {
            if (runningOnly && d.path("spec").path("replicas").asInt(1) == 0) continue;
            out.put(d.path("metadata").path("name").asText(), d.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText());
        }
        return out;
    }

    Map<String, String> etcdDump() throws Exception {
        Map<String, String> out = new TreeMap<>();
        ByteSequence prefix = ByteSequence.from(NAME + "/", StandardCharsets.UTF_8);
        for (KeyValue kv : etcd.client().getKVClient().get(prefix, GetOption.builder().isPrefix(true).build()).get().getKvs()) {
            String k = kv.getKey().toString(StandardCharsets.UTF_8);
            if (!k.contains("/meta/session/")) out.put(k, kv.getValue().toString(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    static Hop onlyHop(String from, String to, DeployMode mode, MessageQueue mq) {
        return Run.onlyHop(from, to, DeployMethod.OPERATOR, mode, mq);
    }

    static List<Hop> plan(String from, String to, DeployMode mode, MessageQueue mq) {
        PathResult r = new UpgradePlanner(VersionCatalog.builtIn()).plan(PathRequest.of(Version.parse(from), Version.parse(to), DeployMethod.OPERATOR,
                mode, mq));
        return ((PathResult.Found) r).path().hops();
    }

    /** Each step called until it is done or failed, the cluster moving between calls; with {@code repeat}, once more when done. */
    Run run(Hop hop, List<Step> steps, boolean repeat) throws Exception {
        List<StepOutcome> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Instant started = clock.instant();
            StepContext ctx = new StepContext(target, hop, i, "plan-1", started, Duration.ofMinutes(10));
            StepOutcome o;
            int guard = 0;
            while ((o = driver.execute(ctx, steps.get(i))) instanceof StepOutcome.InProgress) {
                tick();
                if (++guard > 400) throw new AssertionError("step " + steps.get(i).describe() + " never finished: " + o);
            }
            out.add(o);
            if (o instanceof StepOutcome.Failed) break;
            if (repeat) {
                assertThat(driver.execute(ctx, steps.get(i))).as("repeat of %s", steps.get(i).describe()).isInstanceOf(StepOutcome.Done.class);
            }
        }
        return new Run(out);
    }
}
