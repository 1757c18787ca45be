package io.milvusgitops.daemon.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.helm.ObservedRelease;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.daemon.testing.MutableClock;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.daemon.testing.ReferenceCharts;
import io.milvusgitops.daemon.testing.Run;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.path.HelmValue;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.PulsarVersion;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.controllers.SimulatedKubelet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm driver end to end on the emulator: the REAL chart rendered by helm-java, a simulated
 * kubelet moving statuses over a test clock, and the REAL etcd. Assertions are on the resulting
 * cluster state and etcd contents.
 */
class HelmDriverTest {

    static final String NS = "milvus";
    static final String RELEASE = "my-release";
    static final Duration STEP = Duration.ofSeconds(5);

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @TempDir
    Path tmp;
    EmulatedKube kube;
    HelmClient helm;
    MutableClock clock;
    SimulatedKubelet kubelet;
    HelmDriver driver;
    Target target = new Target("search", DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "by-dev", false,
            new Location.HelmRelease("test", NS, RELEASE));

    @BeforeEach
    void setUp() throws Exception {
        etcd.clear("by-dev");
        kube = new EmulatedKube();
        helm = kube.helm();
        clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        kubelet = new SimulatedKubelet(kube.api(), NS, clock, clock::advance, Duration.ofSeconds(20), etcd.client().getKVClient(), "by-dev");
        EtcdMetadata metadata = new EtcdMetadata(etcd.client(), Duration.ofSeconds(10), clock);
        driver = new HelmDriver(kube.client(), helm, metadata, new DirectoryBackupStore(tmp.resolve("backups")), clock, STEP);
    }

    @AfterEach
    void tearDown() {
        kube.close();
    }

    static ByteSequence bs(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** Installs a chart version as a cluster and lets it come up. */
    void install(String chart, Map<String, String> values) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(Map.of("cluster.enabled", "true"));
        all.putAll(values);
        helm.install(NS, RELEASE, "zilliztech/milvus", chart, all);
        kubelet.settle(STEP, 6);
    }

    Hop onlyHop(String from, String to) throws Exception {
        return onlyHop(from, to, DeployMode.CLUSTER, MessageQueue.PULSAR);
    }

    /** The planner's one hop for the release as the driver observes it (its coordinators, its Pulsar), as the daemon plans it. */
    Hop onlyHop(String from, String to, DeployMode mode, MessageQueue mq) throws Exception {
        Layout layout = driver.observe(target).map(TargetDriver.Observed::layout).orElse(Layout.UNKNOWN);
        return Run.onlyHop(VersionCatalog.builtIn(), PathRequest.of(Version.parse(from), Version.parse(to), DeployMethod.HELM, mode, mq)
                .withLayout(layout));
    }

    Run run(Hop hop, List<Step> steps) throws Exception {
        return run(hop, steps, false);
    }

    /**
     * As a crash between a step's act and its record would: every step is executed once more right after it
     * is done. The repeat must find the step's own work and be done too, changing nothing.
     */
    Run runRepeatingEachStep(Hop hop, List<Step> steps) throws Exception {
        return run(hop, steps, true);
    }

    Run run(Hop hop, List<Step> steps, boolean repeat) throws Exception {
        List<StepOutcome> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Instant started = clock.instant();
            StepOutcome o;
            int guard = 0;
            while ((o = driver.execute(new StepContext(target, hop, i, "plan-1", started, Duration.ofMinutes(5)), steps.get(i)))
                    instanceof StepOutcome.InProgress) {
                kubelet.tick(STEP);
                if (++guard > 200) throw new AssertionError("step " + steps.get(i).describe() + " never finished");
            }
            out.add(o);
            if (o instanceof StepOutcome.Failed) break;
            if (repeat) {
                StepOutcome again = driver.execute(new StepContext(target, hop, i, "plan-1", started, Duration.ofMinutes(5)), steps.get(i));
                assertThat(again).as("repeat of %s", steps.get(i).describe()).isInstanceOf(StepOutcome.Done.class);
            }
        }
        return new Run(out);
    }

    ObservedRelease observe() throws Exception {
        return driver.observe((Location.HelmRelease) target.location());
    }

    Map<String, String> etcdDump(boolean withSessions) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (KeyValue kv : etcd.client().getKVClient().get(bs("by-dev/"), GetOption.builder().isPrefix(true).build()).get().getKvs()) {
            String k = kv.getKey().toString(StandardCharsets.UTF_8);
            if (withSessions || !k.contains("/meta/session/")) out.put(k, kv.getValue().toString(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    static final Map<String, String> MIXCOORD_24 = Map.of("mixCoordinator.enabled", "true", "rootCoordinator.enabled", "false",
            "queryCoordinator.enabled", "false", "dataCoordinator.enabled", "false");

    @Test
    void observesTheReleaseItsComponentsAndTheirVersion() throws Exception {
        install("4.1.36", MIXCOORD_24);
        ObservedRelease m = observe();
        assertThat(m.version()).contains(Version.parse("2.4.5"));
        assertThat(m.helm()).hasValueSatisfying(h -> {
            assertThat(h.chartVersion()).isEqualTo("4.1.36");
            assertThat(h.revision()).isEqualTo(1);
            assertThat(h.status()).isEqualTo("deployed");
        });
        assertThat(m.components()).containsKeys(Component.MIXCOORD, Component.PROXY, Component.QUERYNODE, Component.DATANODE);
        assertThat(m.mode()).isEqualTo(DeployMode.CLUSTER);
        assertThat(m.health()).isEqualTo(Health.HEALTHY);
        assertThat(m.halfDone()).isFalse();
        assertThat(m.etcdRootPath()).isEqualTo("by-dev");
    }

    @Test
    void aRootPathOtherThanTheFleetSaysStopsTheHopBeforeAnythingChanges() throws Exception {
        install("4.1.36", MIXCOORD_24);
        kube.client().configMaps().inNamespace(NS).withName(RELEASE + "-milvus").edit(c -> {
            c.getData().put("user.yaml", "etcd:\n  rootPath: search-prod\n");
            return c;
        });
        assertThat(observe().etcdRootPath()).isEqualTo("search-prod");
        Hop hop = onlyHop("2.4.5", "2.5.16");
        Run run = run(hop, hop.steps());
        assertThat(run.outcomes()).hasSize(1);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message())
                .contains("'search-prod'").contains("correct etcdRootPath"));
    }

    @Test
    void aRollingHopUpdatesComponentByComponentAndRecordsTheNewChart() throws Exception {
        install("4.1.36", MIXCOORD_24);
        Hop hop = onlyHop("2.4.5", "2.5.16");
        assertThat(hop.kind()).isEqualTo(HopKind.ROLLING);

        // The first stage alone: mixcoord goes first; the others still run 2.4.5 (an upgrade half done).
        List<Step> firstStage = hop.steps().subList(0, 4);
        assertThat(run(hop, firstStage).completed(4)).isTrue();
        ObservedRelease half = observe();
        assertThat(half.components().get(Component.MIXCOORD).version()).contains(Version.parse("2.5.16"));
        assertThat(half.components().get(Component.PROXY).version()).contains(Version.parse("2.4.5"));
        assertThat(half.halfDone()).isTrue();
        assertThat(half.version()).isEmpty();

        Run rest = runRepeatingEachStep(hop, hop.steps());
        assertThat(rest.completed(hop.steps().size())).as("%s", rest.outcomes()).isTrue();
        ObservedRelease m = observe();
        assertThat(m.version()).contains(Version.parse("2.5.16"));
        assertThat(m.health()).isEqualTo(Health.HEALTHY);
        assertThat(m.helm().orElseThrow().chartVersion()).isEqualTo("4.2.58");
        for (Deployment d : kube.client().apps().deployments().inNamespace(NS).withLabel("app.kubernetes.io/name", "milvus").list().getItems()) {
            assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/version", "2.5.16");
        }
        // Active-standby survives the Helm upgrade that records the new chart: the chart renders it now.
        String config = kube.client().configMaps().inNamespace(NS).withName(RELEASE + "-milvus").get().getData().get("default.yaml");
        assertThat(config).contains("enableActiveStandby: true").doesNotContain("enableActiveStandby: false");
        assertThat(observe().helm().orElseThrow().values()).containsKey("mixCoordinator");
    }

    @Test
    void everyStepRepeatedAfterTheHopChangesNothing() throws Exception {
        install("4.1.36", MIXCOORD_24);
        Hop hop = onlyHop("2.4.5", "2.5.16");
        assertThat(run(hop, hop.steps()).completed(hop.steps().size())).isTrue();
        Map<String, String> versions = resourceVersions();
        int revision = observe().helm().orElseThrow().revision();
        Run again = run(hop, hop.steps());
        assertThat(again.completed(hop.steps().size())).isTrue();
        assertThat(resourceVersions()).as("no Deployment changed").isEqualTo(versions);
        assertThat(observe().helm().orElseThrow().revision()).as("no new Helm revision").isEqualTo(revision);
    }

    Map<String, String> resourceVersions() {
        Map<String, String> out = new TreeMap<>();
        kube.client().apps().deployments().inNamespace(NS).list().getItems()
                .forEach(d -> out.put(d.getMetadata().getName(), d.getSpec().toString()));
        return out;
    }

    @Test
    void aBadImageFailsTheRolloutAndTheRollbackBringsTheOldVersionBack() throws Exception {
        install("4.1.36", MIXCOORD_24);
        kubelet.markBad("v2.5.16");
        Hop hop = onlyHop("2.4.5", "2.5.16");
        Run run = run(hop, hop.steps());
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).isEqualTo(FailureReason.NOT_READY);
            assertThat(f.message()).contains("mixcoord").contains("v2.5.16");
        });
        assertThat(observe().health()).isEqualTo(Health.DEGRADED);

        Run rollback = run(hop, hop.rollback());
        assertThat(rollback.completed(hop.rollback().size())).as("%s", rollback.outcomes()).isTrue();
        ObservedRelease m = observe();
        assertThat(m.version()).contains(Version.parse("2.4.5"));
        assertThat(m.health()).isEqualTo(Health.HEALTHY);
        assertThat(m.helm().orElseThrow().chartVersion()).isEqualTo("4.1.36");
    }

    @Test
    void readyPodsAreNotEnoughWhenMilvusSaysItIsNotHealthy() throws Exception {
        install("4.2.58", Map.of());
        kubelet.sick(RELEASE, true);
        Hop hop = onlyHop("2.5.16", "2.6.15");
        Run run = run(hop, hop.steps());
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.NOT_READY);
            assertThat(f.message()).contains("/healthz answered 500");
        });
    }

    @Test
    void theLastStepAsksMilvusThroughTheSdkAndAProxyAnsweringTheOldVersionRollsTheHopBack() throws Exception {
        install("4.1.36", MIXCOORD_24);
        Hop hop = onlyHop("2.4.5", "2.5.16");
        assertThat(hop.steps().getLast()).isEqualTo(new Step.SmokeTest(Version.parse("2.5.16")));
        // Every pod says 2.5.16 and is ready, /healthz says OK; what answers clients on 19530 still says 2.4.5.
        kubelet.milvus(RELEASE).reportVersion("v2.4.5");
        Run run = run(hop, hop.steps());
        assertThat(run.outcomes()).hasSize(hop.steps().size());
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.reason()).isEqualTo(FailureReason.NOT_READY);
            assertThat(f.message()).contains("GetVersion with 'v2.4.5', not 2.5.16");
        });
        Run rollback = run(hop, hop.rollback());
        assertThat(rollback.completed(hop.rollback().size())).as("%s", rollback.outcomes()).isTrue();
        assertThat(observe().version()).contains(Version.parse("2.4.5"));

        // Answering for the image its pods run, unhealthy, then healthy with the target's canary collection to read.
        kubelet.milvus(RELEASE).reportVersion(null).unhealthy("querynode 7 lost its session");
        Step.SmokeTest smoke = new Step.SmokeTest(Version.parse("2.4.5"));
        assertThat(run(hop, List.of(smoke)).last()).isInstanceOfSatisfying(StepOutcome.Failed.class,
                f -> assertThat(f.message()).contains("CheckHealth: not healthy (querynode 7 lost its session)"));
        kubelet.milvus(RELEASE).unhealthy(null).collection("upgrade_canary", 1000);
        target = new Target(target.name(), target.method(), target.mode(), target.messageQueue(), target.etcdRootPath(), target.canary(),
                target.location(), Optional.of("upgrade_canary"));
        assertThat(run(hop, List.of(smoke)).last()).isInstanceOfSatisfying(StepOutcome.Done.class, d -> assertThat(d.what())
                .contains("GetVersion 2.4.5, CheckHealth healthy, and a read of canary collection upgrade_canary (1000 rows)"));
        assertThat(kube.api().recentRequests()).anyMatch(r -> r.startsWith("GET /api/v1/namespaces/" + NS + "/pods/")
                && r.contains("/portforward?ports=19530"));
    }

    @Test
    void aRecreateHopOnAStandaloneWithRocksMqUpgradesTheReleaseAtOnce() throws Exception {
        helm.install(NS, RELEASE, "zilliztech/milvus", "4.1.36", Map.of("cluster.enabled", "false"));
        kubelet.settle(STEP, 6);
        assertThat(observe().components()).containsOnlyKeys(Component.STANDALONE);
        assertThat(observe().messageQueue()).isEqualTo(MessageQueue.ROCKSMQ);
        Hop hop = onlyHop("2.4.5", "2.5.16", DeployMode.STANDALONE, MessageQueue.ROCKSMQ);
        assertThat(hop.kind()).isEqualTo(HopKind.RECREATE);
        Run run = runRepeatingEachStep(hop, hop.steps());
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();
        ObservedRelease m = observe();
        assertThat(m.version()).contains(Version.parse("2.5.16"));
        assertThat(m.health()).isEqualTo(Health.HEALTHY);
        assertThat(m.helm().orElseThrow().revision()).as("one upgrade, repeated steps included").isEqualTo(2);
    }

    @Test
    void aRollingHopIsRefusedOnRocksMqBeforeAnythingChanges() throws Exception {
        helm.install(NS, RELEASE, "zilliztech/milvus", "4.1.36", Map.of("cluster.enabled", "false"));
        kubelet.settle(STEP, 6);
        // A rolling plan for a target the fleet wrongly says runs Pulsar: the driver checks what really runs.
        Hop hop = onlyHop("2.4.5", "2.5.16", DeployMode.STANDALONE, MessageQueue.PULSAR);
        assertThat(hop.kind()).isEqualTo(HopKind.ROLLING);
        Run run = run(hop, hop.steps());
        assertThat(run.outcomes()).hasSize(1);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> assertThat(f.message()).contains("RocksMQ"));
        assertThat(observe().version()).contains(Version.parse("2.4.5"));
    }

    @Test
    void theTopologyChangeTo26RemovesTheOldComponentsAndRunsStreamingNode() throws Exception {
        install("4.2.58", Map.of());
        etcd.client().getKVClient().put(bs("by-dev/meta/root-coord/collection/1"), bs("{\"name\":\"books\"}")).get();
        assertThat(observe().components()).containsKeys(Component.MIXCOORD, Component.INDEXNODE).doesNotContainKey(Component.STREAMINGNODE);
        Hop hop = onlyHop("2.5.16", "2.6.15");
        assertThat(hop.kind()).isEqualTo(HopKind.TOPOLOGY_CHANGE);
        Run run = runRepeatingEachStep(hop, hop.steps());
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();
        ObservedRelease m = observe();
        assertThat(m.version()).contains(Version.parse("2.6.15"));
        assertThat(m.components()).containsKeys(Component.MIXCOORD, Component.STREAMINGNODE, Component.PROXY, Component.QUERYNODE,
                Component.DATANODE).doesNotContainKeys(Component.INDEXNODE, Component.ROOTCOORD, Component.DATACOORD, Component.QUERYCOORD);
        assertThat(m.helm().orElseThrow().chartVersion()).isEqualTo("5.0.19");
        assertThat(m.health()).isEqualTo(Health.HEALTHY);
        assertThat(run.outcomes().get(1)).isInstanceOfSatisfying(StepOutcome.Done.class, d -> assertThat(d.what()).contains("backed up 1 keys"));
    }

    /**
     * 1.x to 2.x: a new release beside the old one and a MilvusDM Job; the old deployment is never touched.
     * No 1.x chart archive is at hand, so the 1.x Deployment is written here (the one hand-made manifest).
     */
    /** What the planner needs beyond mode and queue, read from the release: which coordinators run, which Pulsar the chart renders. */
    @Test
    void observesTheCoordinatorsAndThePulsarTheReleaseRuns() throws Exception {
        install("4.1.36", Map.of());
        assertThat(observe().layout()).isEqualTo(Layout.UNKNOWN.withPulsar(PulsarVersion.V2).withCoordinators(Coordinators.SEPARATE));
        helm.uninstall(NS, RELEASE);
        install("4.2.58", Map.of());
        assertThat(observe().layout()).as("chart 4.2.58's defaults: MixCoord, Pulsar v3")
                .isEqualTo(Layout.UNKNOWN.withPulsar(PulsarVersion.V3).withCoordinators(Coordinators.MIXCOORD));
        helm.uninstall(NS, RELEASE);
        install("4.2.58", Map.of("pulsar.enabled", "true", "pulsarv3.enabled", "false"));
        assertThat(observe().layout().pulsar()).as("the README's values for Pulsar v2 users").contains(PulsarVersion.V2);
    }

    /** A standalone's queue as the chart rendered it: chart 5.x defaults a new standalone to Woodpecker, 4.2.58 to RocksMQ. */
    @Test
    void observesTheQueueTheChartGaveAStandalone() throws Exception {
        helm.install(NS, RELEASE, "zilliztech/milvus", "5.0.19", Map.of("cluster.enabled", "false"));
        kubelet.settle(STEP, 6);
        assertThat(observe().messageQueue()).isEqualTo(MessageQueue.WOODPECKER);
        helm.uninstall(NS, RELEASE);
        helm.install(NS, RELEASE, "zilliztech/milvus", "4.2.58", Map.of("cluster.enabled", "false"));
        kubelet.settle(STEP, 6);
        assertThat(observe().messageQueue()).isEqualTo(MessageQueue.ROCKSMQ);
    }

    /**
     * No hidden cut-over (issue 14): 4.1.36 ran the separate coordinators; chart 4.2.58 defaults to MixCoord, and the rolling hop's
     * last helm upgrade applies the new chart's defaults (--reset-then-reuse-values). The pinned values keep what runs.
     */
    @Test
    void aRollingHopKeepsTheSeparateCoordinatorsTheReleaseRuns() throws Exception {
        install("4.1.36", Map.of());
        assertThat(observe().components()).containsKey(Component.ROOTCOORD).doesNotContainKey(Component.MIXCOORD);
        Hop hop = onlyHop("2.4.5", "2.5.16");
        assertThat(hop.kind()).isEqualTo(HopKind.ROLLING);
        assertThat(run(hop, hop.steps()).completed(hop.steps().size())).isTrue();
        ObservedRelease m = observe();
        assertThat(m.version()).contains(Version.parse("2.5.16"));
        assertThat(m.helm().orElseThrow().chartVersion()).isEqualTo("4.2.58");
        assertThat(m.components()).containsKeys(Component.ROOTCOORD, Component.DATACOORD, Component.QUERYCOORD).doesNotContainKey(Component.MIXCOORD);
        assertThat(Values.flatten(m.helm().orElseThrow().values())).containsEntry("mixCoordinator.enabled", "false")
                .containsEntry("image.all.tag", "v2.5.16");
    }

    /**
     * upgrade_milvus_cluster-helm.md v2.6.x: step 2 switches a 2.5.16 cluster to MixCoord on chart 4.2.58 (its own hop, with its
     * downtime), step 3 moves it to 2.6 with streaming on and no IndexNode.
     */
    @Test
    void aClusterWithSeparateCoordinatorsSwitchesToMixCoordThenMovesTo26() throws Exception {
        install("4.2.58", Map.of("mixCoordinator.enabled", "false", "rootCoordinator.enabled", "true", "queryCoordinator.enabled", "true",
                "dataCoordinator.enabled", "true"));
        assertThat(observe().layout().coordinators()).contains(Coordinators.SEPARATE);
        Layout layout = driver.observe(target).orElseThrow().layout();
        List<Hop> hops = ((PathResult.Found) new UpgradePlanner(VersionCatalog.builtIn())
                .plan(PathRequest.of(Version.parse("2.5.16"), Version.parse("2.6.15"), DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR)
                        .withLayout(layout))).path().hops();
        assertThat(hops).extracting(Hop::kind).containsExactly(HopKind.ENABLE_MIXCOORD, HopKind.TOPOLOGY_CHANGE);
        Run mix = runRepeatingEachStep(hops.get(0), hops.get(0).steps());
        assertThat(mix.completed(hops.get(0).steps().size())).as("%s", mix.outcomes()).isTrue();
        assertThat(observe().components()).containsKey(Component.MIXCOORD).doesNotContainKeys(Component.ROOTCOORD, Component.QUERYCOORD,
                Component.DATACOORD);
        assertThat(observe().version()).contains(Version.parse("2.5.16"));
        Run to26 = run(hops.get(1), hops.get(1).steps());
        assertThat(to26.completed(hops.get(1).steps().size())).as("%s", to26.outcomes()).isTrue();
        ObservedRelease m = observe();
        assertThat(m.version()).contains(Version.parse("2.6.15"));
        assertThat(m.components()).containsKeys(Component.MIXCOORD, Component.STREAMINGNODE).doesNotContainKey(Component.INDEXNODE);
        assertThat(Values.flatten(m.helm().orElseThrow().values())).containsEntry("streaming.enabled", "true").containsEntry("indexNode.enabled", "false");
    }

    @Test
    void aDataMigrationInstallsANewReleaseCopiesTheDataAndNeverTouchesTheOldOne() throws Exception {
        kube.client().apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName(RELEASE + "-milvus").withNamespace(NS)
                .addToLabels("app.kubernetes.io/instance", RELEASE).addToLabels("app.kubernetes.io/name", "milvus")
                .addToLabels("component", "standalone").endMetadata()
                .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("milvus")
                .withImage("milvusdb/milvus:1.1.1-cpu-d050721-5e559c").endContainer().endSpec().endTemplate().endSpec().build()).create();
        kubelet.settle(STEP, 4);
        String oldSpec = kube.client().apps().deployments().inNamespace(NS).withName(RELEASE + "-milvus").get().getSpec().toString();

        Hop hop = onlyHop("1.1.1", "2.1.4");
        assertThat(hop.kind()).isEqualTo(HopKind.DATA_MIGRATION);
        Run run = runRepeatingEachStep(hop, hop.steps());
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();

        ObservedRelease v2 = new HelmObserver(kube.client()).observe(NS, RELEASE + "-v2");
        assertThat(v2.version()).contains(Version.parse("2.1.4"));
        assertThat(v2.health()).isEqualTo(Health.HEALTHY);
        String m2m = kube.client().configMaps().inNamespace(NS).withLabel("app.kubernetes.io/managed-by", "milvus-gitops").list().getItems()
                .get(0).getData().get("M2M.yaml");
        assertThat(m2m).contains("milvus_version: 2.1.4").contains("dest_host: '" + RELEASE + "-v2-milvus." + NS + "'").contains("mode: 'skip'");
        assertThat(kube.client().apps().deployments().inNamespace(NS).withName(RELEASE + "-milvus").get().getSpec().toString())
                .as("the 1.x deployment is never touched").isEqualTo(oldSpec);

        Run rollback = run(hop, hop.rollback());
        assertThat(rollback.completed(hop.rollback().size())).isTrue();
        assertThat(new HelmObserver(kube.client()).observe(NS, RELEASE + "-v2").components()).isEmpty();
        assertThat(kube.client().apps().deployments().inNamespace(NS).withName(RELEASE + "-milvus").get()).isNotNull();
    }

    @Test
    void aMetaMigrationBacksUpStopsWaitsForSessionsMigratesAndStartsTheNewVersion() throws Exception {
        install("3.2.18", Map.of());
        etcd.client().getKVClient().put(bs("by-dev/meta/root-coord/collection/1"), bs("{\"name\":\"books\"}")).get();
        assertThat(etcdDump(true).keySet()).anyMatch(k -> k.contains("/meta/session/"));
        Hop hop = onlyHop("2.1.4", "2.2.13");
        assertThat(hop.kind()).isEqualTo(HopKind.META_MIGRATION);
        Run run = runRepeatingEachStep(hop, hop.steps());
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();
        ObservedRelease m = observe();
        assertThat(m.version()).contains(Version.parse("2.2.13"));
        assertThat(m.helm().orElseThrow().chartVersion()).isEqualTo("4.0.33");
        assertThat(etcdDump(false)).containsKey("by-dev/meta/migrated-by");
        assertThat(m.helm().orElseThrow().revision()).as("one upgrade, repeated steps included").isEqualTo(2);
        assertThat(kube.client().batch().v1().jobs().inNamespace(NS).list().getItems()).as("one Job, repeated steps included").singleElement()
                .satisfies(j -> assertThat(j.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        .isEqualTo("milvusdb/meta-migration:v2.2.0"));
    }

    @Test
    void aFailedMigrationJobIsRolledBackWithTheMetadataRestoredByteForByte() throws Exception {
        install("3.2.18", Map.of());
        etcd.client().getKVClient().put(bs("by-dev/meta/root-coord/collection/1"), bs("{\"name\":\"books\"}")).get();
        etcd.client().getKVClient().put(bs("by-dev/meta/segment-index/7"), ByteSequence.from(new byte[] {0, (byte) 0xff, 1})).get();
        Map<String, String> before = etcdDump(false);
        kubelet.failJobs(true);
        Hop hop = onlyHop("2.1.4", "2.2.13");
        Run run = run(hop, hop.steps());
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class,
                f -> assertThat(f.reason()).isEqualTo(FailureReason.JOB_FAILED));
        assertThat(etcdDump(false)).containsKey("by-dev/meta/partially-migrated");

        kubelet.failJobs(false);
        Run rollback = run(hop, hop.rollback());
        assertThat(rollback.completed(hop.rollback().size())).as("%s", rollback.outcomes()).isTrue();
        assertThat(etcdDump(false)).as("metadata as before the hop, byte for byte").isEqualTo(before);
        ObservedRelease m = observe();
        assertThat(m.version()).contains(Version.parse("2.1.4"));
        assertThat(m.health()).isEqualTo(Health.HEALTHY);
    }

    /** The hop's Helm upgrade of the tests below: chart 4.2.58 with Milvus 2.5.16. */
    static final Step.HelmUpgrade UPGRADE = new Step.HelmUpgrade("zilliztech/milvus", Version.parse("4.2.58"), Step.ValuesMode.RESET_THEN_REUSE,
            List.of(new HelmValue("image.all.tag", "v2.5.16", HelmValue.Purpose.IMAGE)));

    void upgradeWithHelm() throws Exception {
        helm.upgrade(NS, RELEASE, UPGRADE.chart(), UPGRADE.chartVersion().toString(), UPGRADE.values(), Map.of("image.all.tag", "v2.5.16"));
    }

    Secret revision(int n) {
        return kube.client().secrets().inNamespace(NS).withName("sh.helm.release.v1." + RELEASE + ".v" + n).get();
    }

    /** What Helm's records say of revision {@code n}: the Secret's {@code status} label and the release JSON's {@code info.status}. */
    List<String> statusOf(int n) throws Exception {
        Secret s = revision(n);
        return List.of(s.getMetadata().getLabels().get("status"), HelmReleaseCodec.json(s.getData().get("release")).path("info").path("status").asText());
    }

    /** Rewrites revision {@code n}'s status as Helm's storage writes it: in the release JSON and in the Secret's label. */
    void setStatus(int n, String status, String description) throws Exception {
        Secret s = revision(n);
        ObjectNode json = HelmReleaseCodec.json(s.getData().get("release"));
        ((ObjectNode) json.get("info")).put("status", status).put("description", description);
        s.getData().put("release", HelmReleaseCodec.data(json));
        s.getMetadata().getLabels().put("status", status);
        kube.client().secrets().inNamespace(NS).resource(s).update();
    }

    StepOutcome upgradeStepStartedAt(Instant started) throws Exception {
        return driver.execute(new StepContext(target, onlyHop("2.4.5", "2.5.16"), 0, "plan-1", started, Duration.ofMinutes(5)), UPGRADE);
    }

    /**
     * The daemon killed during {@code helm upgrade}: Helm had written revision 2 (pending-upgrade, the new chart and values) and
     * applied it, but never marked it deployed, nor revision 1 superseded. Every later upgrade fails. The step run again after the
     * restart unlocks the revision its own upgrade left and upgrades again; a revision pending since before the step started is
     * someone else's and stays as it is.
     */
    @Test
    void aRevisionLeftPendingByTheStepsKilledUpgradeIsMarkedFailedAndTheUpgradeRunsAgain() throws Exception {
        install("4.1.36", MIXCOORD_24);
        Instant stepStarted = Instant.now(); // Helm stamps its revisions with the real time, in this process
        upgradeWithHelm();
        setStatus(2, "pending-upgrade", "Preparing upgrade");
        setStatus(1, "deployed", "Install complete");
        assertThatThrownBy(this::upgradeWithHelm).as("the setup is what Helm refuses").isInstanceOf(HelmClient.HelmException.class)
                .hasMessageContaining("another operation (install/upgrade/rollback) is in progress");

        StepOutcome notOurs = upgradeStepStartedAt(Instant.now().plusSeconds(60));
        assertThat(notOurs).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.HELM);
            assertThat(f.message()).contains("release my-release revision 2 is pending-upgrade since").contains("another Helm operation may be at work");
        });
        assertThat(statusOf(2)).as("pending since before the step started: not touched").containsOnly("pending-upgrade");

        StepOutcome ours = upgradeStepStartedAt(stepStarted);
        assertThat(ours).isInstanceOfSatisfying(StepOutcome.Done.class, d -> assertThat(d.what()).startsWith(
                "release my-release revision 2 was left pending-upgrade by an interrupted upgrade: marked failed, upgrading again; helm upgrade to chart 4.2.58"));
        assertThat(statusOf(2)).containsOnly("failed");
        assertThat(HelmReleaseCodec.json(revision(2).getData().get("release")).path("info").path("description").asText())
                .contains("unlocked from stale 'pending-upgrade' state");
        kubelet.settle(STEP, 6);
        ObservedRelease m = observe();
        assertThat(m.helm()).hasValueSatisfying(h -> {
            assertThat(h.revision()).isEqualTo(3);
            assertThat(h.status()).isEqualTo("deployed");
            assertThat(h.chartVersion()).isEqualTo("4.2.58");
        });
        assertThat(m.version()).contains(Version.parse("2.5.16"));
        assertThat(upgradeStepStartedAt(stepStarted)).as("and again: nothing left to do").isInstanceOfSatisfying(StepOutcome.Done.class,
                d -> assertThat(d.what()).contains("already on chart 4.2.58"));
    }

    @Test
    void aReleaseWhoseNewestRevisionIsDeployedIsNeverTouched() throws Exception {
        install("4.1.36", MIXCOORD_24);
        String before = revision(1).getMetadata().getResourceVersion();
        StepContext ctx = new StepContext(target, onlyHop("2.4.5", "2.5.16"), 0, "plan-1", Instant.EPOCH, Duration.ofMinutes(5));
        assertThat(new PendingRelease(kube.client(), clock).unlock(ctx, (Location.HelmRelease) target.location()))
                .isInstanceOf(PendingRelease.Unlock.NotPending.class);
        assertThat(revision(1).getMetadata().getResourceVersion()).isEqualTo(before);

        assertThat(upgradeStepStartedAt(Instant.EPOCH)).isInstanceOfSatisfying(StepOutcome.Done.class,
                d -> assertThat(d.what()).startsWith("helm upgrade to chart 4.2.58"));
        assertThat(statusOf(1)).containsOnly("superseded");
        assertThat(statusOf(2)).containsOnly("deployed");
    }
}
