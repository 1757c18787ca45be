package io.milvusgitops.policy.path;

import static io.milvusgitops.policy.path.PathAssert.assertThatPath;
import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.path.Step.BackupMetadata;
import io.milvusgitops.policy.path.Step.CheckHealthy;
import io.milvusgitops.policy.path.Step.CheckOperatorVersion;
import io.milvusgitops.policy.path.Step.CreateMilvusUpgrade;
import io.milvusgitops.policy.path.Step.EnableActiveStandby;
import io.milvusgitops.policy.path.Step.EnableMixCoord;
import io.milvusgitops.policy.path.Step.HelmUpgrade;
import io.milvusgitops.policy.path.Step.InstallDeployment;
import io.milvusgitops.policy.path.Step.PinMessageQueue;
import io.milvusgitops.policy.path.Step.RestoreMetadata;
import io.milvusgitops.policy.path.Step.RunDataMigration;
import io.milvusgitops.policy.path.Step.RunMetaMigration;
import io.milvusgitops.policy.path.Step.SetMilvusImage;
import io.milvusgitops.policy.path.Step.SmokeTest;
import io.milvusgitops.policy.path.Step.StartComponents;
import io.milvusgitops.policy.path.Step.StopComponents;
import io.milvusgitops.policy.path.Step.SyncHelmRelease;
import io.milvusgitops.policy.path.Step.UninstallDeployment;
import io.milvusgitops.policy.path.Step.UpdateComponent;
import io.milvusgitops.policy.path.Step.UpdateComposeFile;
import io.milvusgitops.policy.path.Step.UpdateMinio;
import io.milvusgitops.policy.path.Step.VerifyRemoved;
import io.milvusgitops.policy.path.Step.WaitHealthy;
import io.milvusgitops.policy.path.Step.WaitNoLiveSessions;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.target.PulsarVersion;
import io.milvusgitops.policy.version.Version;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class UpgradePlannerTest {

    private final UpgradePlanner planner = new UpgradePlanner(VersionCatalog.builtIn());

    private PathResult plan(String method, String mode, String mq, String from, String to) {
        return planner.plan(PathRequest.of(Version.parse(from), Version.parse(to), Named.byId(DeployMethod.class, method).orElseThrow(),
                Named.byId(DeployMode.class, mode).orElseThrow(), Named.byId(MessageQueue.class, mq).orElseThrow()));
    }

    /**
     * Every path the official guides name (milvus-io/web-content@87726919a47f), for every method they give it;
     * the layout is unknown here (the cluster not seen to run MixCoord: the 2.6 hops enable it first).
     * Columns: method, mode, message queue, from, to, the hops expected.
     */
    @ParameterizedTest(name = "{0}/{1}/{2} {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # rollingUpdate.sh (helm, unconfirmed: the guides hide it) and upgrade_milvus_cluster-operator.md v2.2.x..v2.5.x: rolling from 2.2.3
            helm     | cluster    | pulsar     | 2.2.3  | 2.2.16 | rolling 2.2.3>2.2.16
            operator | cluster    | pulsar     | 2.2.3  | 2.2.16 | rolling 2.2.3>2.2.16
            # upgrade_milvus_cluster-docker.md: Compose is always down, change the image, up (no rolling)
            compose  | cluster    | pulsar     | 2.2.3  | 2.2.16 | recreate 2.2.3>2.2.16
            # upgrade_milvus_cluster-helm.md: helm upgrade for a minor release before 2.2.3
            helm     | cluster    | pulsar     | 2.2.0  | 2.2.16 | recreate 2.2.0>2.2.16
            operator | cluster    | kafka      | 2.2.2  | 2.2.16 | recreate 2.2.2>2.2.16
            compose  | cluster    | pulsar     | 2.2.1  | 2.2.9  | recreate 2.2.1>2.2.9
            # upgrade_milvus_cluster-helm.md v2.2.x (2.1.4 -> 2.2.16), v2.4.x/v2.5.x (2.1.4 -> 2.2.0): meta migration
            helm     | cluster    | pulsar     | 2.1.4  | 2.2.16 | meta-migration 2.1.4>2.2.16
            helm     | cluster    | pulsar     | 2.1.4  | 2.2.0  | meta-migration 2.1.4>2.2.0
            operator | cluster    | pulsar     | 2.1.4  | 2.2.0  | meta-migration 2.1.4>2.2.0
            # upgrade_milvus_cluster-docker.md: meta migration 2.1.4 -> 2.2.x
            compose  | cluster    | pulsar     | 2.1.4  | 2.2.9  | meta-migration 2.1.4>2.2.9
            # upgrade_milvus_standalone-helm.md v2.5.x: rolling (not with RocksMQ), helm upgrade, 2.1.4 -> 2.5.27 in one migration
            helm     | standalone | pulsar     | 2.4.5  | 2.5.12 | rolling 2.4.5>2.5.12
            helm     | standalone | rocksmq    | 2.4.5  | 2.5.12 | recreate 2.4.5>2.5.12
            helm     | standalone | rocksmq    | 2.1.4  | 2.5.27 | meta-migration 2.1.4>2.5.27
            operator | standalone | rocksmq    | 2.1.4  | 2.5.27 | meta-migration 2.1.4>2.5.27
            compose  | standalone | rocksmq    | 2.4.5  | 2.5.12 | recreate 2.4.5>2.5.12
            # upgrade_milvus_cluster-helm.md v2.6.x: 2.5.16 or later with MixCoord first, then the 2.6 image
            helm     | cluster    | pulsar     | 2.5.16 | 2.6.22 | enable-mixcoord 2.5.16>2.5.16, topology-change 2.5.16>2.6.22
            helm     | cluster    | pulsar     | 2.5.3  | 2.6.0  | rolling 2.5.3>2.5.16, enable-mixcoord 2.5.16>2.5.16, topology-change 2.5.16>2.6.0
            helm     | standalone | rocksmq    | 2.5.16 | 2.6.22 | topology-change 2.5.16>2.6.22
            # upgrade_milvus_cluster-operator.md v2.6.x: mixCoord with the 2.5 image, then the 2.6 image
            operator | cluster    | kafka      | 2.5.12 | 2.6.15 | rolling 2.5.12>2.5.16, enable-mixcoord 2.5.16>2.5.16, topology-change 2.5.16>2.6.15
            operator | standalone | rocksmq    | 2.5.16 | 2.6.22 | topology-change 2.5.16>2.6.22
            # upgrade_milvus_standalone-docker.md v2.6.x: 2.5.16 first, then 2.6 (with MinIO)
            compose  | standalone | rocksmq    | 2.5.3  | 2.6.15 | recreate 2.5.3>2.5.16, topology-change 2.5.16>2.6.15
            # within 2.6 (unconfirmed rule: rolling; Compose recreates)
            helm     | cluster    | woodpecker | 2.6.1  | 2.6.15 | rolling 2.6.1>2.6.15
            compose  | standalone | woodpecker | 2.6.1  | 2.6.22 | recreate 2.6.1>2.6.22
            # m2m_legacy.md: 1.x -> 2.x is a data migration with MilvusDM (a new deployment: no MinIO to move first)
            helm     | cluster    | pulsar     | 1.1.1  | 2.0.2  | data-migration 1.1.1>2.0.2
            compose  | standalone | rocksmq    | 1.1.0  | 2.0.2  | data-migration 1.1.0>2.0.2
            compose  | standalone | rocksmq    | 1.1.1  | 2.6.15 | data-migration 1.1.1>2.6.15
            # v2.0.x upgrade.md: RC7 -> RC8 is a helm upgrade
            helm     | cluster    | pulsar     | 2.0.0-RC7 | 2.0.0-RC8 | recreate 2.0.0-rc7>2.0.0-rc8
            # multi-hop: the fewest disruptive hops, through the versions the guides name
            helm     | cluster    | pulsar     | 2.1.4  | 2.6.15 | meta-migration 2.1.4>2.5.16, enable-mixcoord 2.5.16>2.5.16, topology-change 2.5.16>2.6.15
            helm     | cluster    | pulsar     | 2.0.2  | 2.6.15 | recreate 2.0.2>2.1.4, meta-migration 2.1.4>2.5.16, enable-mixcoord 2.5.16>2.5.16, topology-change 2.5.16>2.6.15
            helm     | cluster    | pulsar     | 2.1.0  | 2.1.4  | recreate 2.1.0>2.1.4
            helm     | cluster    | pulsar     | 2.2.0  | 2.6.15 | recreate 2.2.0>2.5.16, enable-mixcoord 2.5.16>2.5.16, topology-change 2.5.16>2.6.15
            """)
    void followsTheGuides(String method, String mode, String mq, String from, String to, String hops) {
        assertThatPath(plan(method, mode, mq, from, to)).hasHops(hops);
    }

    @Test
    void rollingHelmUpgradeDoesWhatRollingUpdateShDoes() {
        assertThatPath(plan("helm", "cluster", "pulsar", "2.2.3", "2.2.16")).hop(0)
                .isKind(HopKind.ROLLING).needsDowntime(false)
                .hasStepsInOrder(CheckHealthy.class, EnableActiveStandby.class, UpdateComponent.class, WaitHealthy.class, SyncHelmRelease.class,
                        WaitHealthy.class)
                .updatesComponentsInOrder(Component.ROOTCOORD, Component.DATACOORD, Component.INDEXCOORD, Component.QUERYCOORD,
                        Component.INDEXNODE, Component.DATANODE, Component.QUERYNODE, Component.PROXY)
                .rollsBackInOrder(UpdateComponent.class, WaitHealthy.class, SyncHelmRelease.class);
    }

    @Test
    void rollingUpgradeOnA25ClusterUpdatesMixCoordFirstAndTheTwoWorkersTogether() {
        Hop hop = ((PathResult.Found) plan("helm", "cluster", "pulsar", "2.4.5", "2.5.16")).path().hops().get(0);
        assertThat(hop.steps()).filteredOn(WaitHealthy.class::isInstance).map(s -> ((WaitHealthy) s).components())
                .containsExactly(List.of(Component.MIXCOORD), List.of(Component.ROOTCOORD),
                        List.of(Component.DATACOORD), List.of(Component.INDEXCOORD), List.of(Component.QUERYCOORD),
                        List.of(Component.INDEXNODE), List.of(Component.DATANODE, Component.QUERYNODE),
                        List.of(Component.PROXY), List.of());
    }

    @Test
    void rollingWithin26FollowsTheOperatorsDependencyOrder() {
        assertThatPath(plan("helm", "cluster", "pulsar", "2.6.1", "2.6.15")).hop(0)
                .updatesComponentsInOrder(Component.MIXCOORD, Component.STREAMINGNODE, Component.QUERYNODE, Component.DATANODE, Component.PROXY)
                .hasStepsInOrder(UpdateComponent.class, WaitHealthy.class, SyncHelmRelease.class)
                .hasNoteContaining("unconfirmed");
    }

    @Test
    void metaMigrationBacksUpStopsWaitsForSessionsMigratesAndRollsBackFromTheBackup() {
        assertThatPath(plan("helm", "cluster", "pulsar", "2.1.4", "2.2.16")).hop(0)
                .isKind(HopKind.META_MIGRATION).needsDowntime(true)
                .hasStepsInOrder(CheckHealthy.class, BackupMetadata.class, StopComponents.class, WaitNoLiveSessions.class,
                        RunMetaMigration.class, HelmUpgrade.class, WaitHealthy.class, SmokeTest.class)
                .rollsBackInOrder(StopComponents.class, WaitNoLiveSessions.class, RestoreMetadata.class, HelmUpgrade.class, WaitHealthy.class);
        Hop hop = ((PathResult.Found) plan("compose", "cluster", "pulsar", "2.1.4", "2.2.9")).path().hops().get(0);
        assertThat(hop.steps()).filteredOn(RunMetaMigration.class::isInstance).singleElement()
                .isEqualTo(new RunMetaMigration(Version.parse("2.1.4"), Version.parse("2.2.9"), "milvusdb/meta-migration:v2.2.0"));
    }

    @Test
    void operatorMigratesMetadataWithAMilvusUpgradeResource() {
        assertThatPath(plan("operator", "cluster", "pulsar", "2.1.4", "2.2.0")).hop(0)
                .hasStepsInOrder(BackupMetadata.class, CreateMilvusUpgrade.class, WaitHealthy.class)
                .hasNoStep(HelmUpgrade.class);
    }

    private PathResult plan(PathRequest req) {
        return planner.plan(req);
    }

    private static PathRequest request(String method, String mode, String mq, String from, String to) {
        return PathRequest.of(Version.parse(from), Version.parse(to), Named.byId(DeployMethod.class, method).orElseThrow(),
                Named.byId(DeployMode.class, mode).orElseThrow(), Named.byId(MessageQueue.class, mq).orElseThrow());
    }

    /** upgrade_milvus_cluster-helm.md v2.6.x, step 3, on a cluster seen to run MixCoord: one hop, the guide's chart and values. */
    @Test
    void helmTopologyChangeUsesResetThenReuseValuesAndChecksTheOldComponentsAreGone() {
        PathRequest req = request("helm", "cluster", "pulsar", "2.5.16", "2.6.15")
                .withLayout(Layout.UNKNOWN.withCoordinators(Coordinators.MIXCOORD).withPulsar(PulsarVersion.V3));
        assertThatPath(plan(req)).hasHops("topology-change 2.5.16>2.6.15").hop(0)
                .isKind(HopKind.TOPOLOGY_CHANGE).hasChart("5.0.19", true)
                .hasStepsInOrder(CheckHealthy.class, BackupMetadata.class, HelmUpgrade.class, VerifyRemoved.class, WaitHealthy.class, SmokeTest.class);
        Hop hop = ((PathResult.Found) plan(req)).path().hops().get(0);
        assertThat(hop.steps()).filteredOn(VerifyRemoved.class::isInstance).singleElement()
                .isEqualTo(new VerifyRemoved(List.of(Component.ROOTCOORD, Component.DATACOORD, Component.INDEXCOORD, Component.QUERYCOORD,
                        Component.INDEXNODE)));
        assertThat(hop.chart().orElseThrow().set()).extracting(HelmValue::toString)
                .containsExactly("image.all.tag=v2.6.15", "streaming.enabled=true", "indexNode.enabled=false");
    }

    /** upgrade_milvus_cluster-operator.md v2.6.x: step 2.2 mixCoord with the 2.5 image, step 2.3 the 2.6 image; operator 1.3.0 at least. */
    @Test
    void operatorEnablesMixCoordInAHopOfItsOwnThenSetsThe26Image() {
        assertThatPath(plan("operator", "cluster", "kafka", "2.5.16", "2.6.15"))
                .hasHops("enable-mixcoord 2.5.16>2.5.16, topology-change 2.5.16>2.6.15");
        assertThatPath(plan("operator", "cluster", "kafka", "2.5.16", "2.6.15")).hop(0)
                .isKind(HopKind.ENABLE_MIXCOORD).needsDowntime(true)
                .hasStepsInOrder(CheckOperatorVersion.class, CheckHealthy.class, EnableMixCoord.class, WaitHealthy.class);
        Hop mix = ((PathResult.Found) plan("operator", "cluster", "kafka", "2.5.16", "2.6.15")).path().hops().get(0);
        assertThat(mix.steps()).filteredOn(EnableMixCoord.class::isInstance).singleElement().isEqualTo(new EnableMixCoord(Image.milvus("2.5.16")));
        assertThatPath(plan("operator", "cluster", "kafka", "2.5.16", "2.6.15")).hop(1)
                .hasStepsInOrder(CheckOperatorVersion.class, CheckHealthy.class, BackupMetadata.class, SetMilvusImage.class, WaitHealthy.class,
                        VerifyRemoved.class, SmokeTest.class)
                .hasNoStep(EnableMixCoord.class);
        assertThatPath(plan("operator", "standalone", "rocksmq", "2.5.16", "2.6.15")).hop(0).hasNoStep(EnableMixCoord.class);
    }

    /** upgrade_milvus_standalone-docker.md v2.6.x step 2: Milvus and MinIO tags together; RocksMQ pinned (v3.0.x Compose page). */
    @Test
    void composeTopologyChangeUpdatesMinioAndPinsTheQueue() {
        Hop hop = ((PathResult.Found) plan("compose", "standalone", "rocksmq", "2.5.16", "2.6.15")).path().hops().get(0);
        assertThat(hop.steps()).filteredOn(UpdateMinio.class::isInstance).singleElement()
                .isEqualTo(new UpdateMinio(Image.parse("minio/minio:RELEASE.2024-12-18T13-15-44Z")));
        assertThat(hop.steps()).filteredOn(PinMessageQueue.class::isInstance).singleElement().isEqualTo(new PinMessageQueue(MessageQueue.ROCKSMQ));
        assertThat(hop.steps()).filteredOn(StartComponents.class::isInstance).singleElement()
                .isEqualTo(new StartComponents(List.of(Component.STANDALONE), Image.milvus("2.6.15")));
        assertThatPath(plan("compose", "standalone", "rocksmq", "2.5.16", "2.6.15")).hop(0)
                .hasStepsInOrder(BackupMetadata.class, StopComponents.class, UpdateMinio.class, PinMessageQueue.class, StartComponents.class,
                        WaitHealthy.class, UpdateComposeFile.class, SmokeTest.class);
    }

    @Test
    void dataMigrationInstallsANewDeploymentAndNeverTouchesTheOldOne() {
        assertThatPath(plan("helm", "cluster", "pulsar", "1.1.1", "2.0.2")).hop(0)
                .isKind(HopKind.DATA_MIGRATION)
                .hasStepsInOrder(InstallDeployment.class, WaitHealthy.class, RunDataMigration.class, SmokeTest.class)
                .hasNoStep(StopComponents.class).hasNoStep(UpdateComponent.class).hasNoStep(HelmUpgrade.class)
                .rollsBackInOrder(UninstallDeployment.class);
    }

    @Test
    void helmHopsUseTheNewestChartShippingTheVersionAndAlwaysResetThenReuseValues() {
        // --reuse-values keeps the old chart's defaults: native Helm fails 3.2.18 -> 4.0.x on a value the new chart reads
        // (found against the emulated API server); every chart change resets to the new chart's defaults.
        assertThatPath(plan("helm", "cluster", "pulsar", "2.2.0", "2.2.14")).hop(0).hasChart("4.0.34", true);
        // 4.2.50 ships 2.5.12 too, but only in Git: the published index has 4.2.49.
        assertThatPath(plan("helm", "cluster", "pulsar", "2.5.3", "2.5.12")).hop(0).hasChart("4.2.49", true);
    }

    @Test
    void aReleaseNoChartShipsUsesTheNewestChartOfItsLineWithTheImageTagSet() {
        Hop hop = ((PathResult.Found) plan("helm", "cluster", "pulsar", "2.5.16", "2.5.17")).path().hops().get(0);
        assertThat(hop.chart()).hasValueSatisfying(c -> {
            assertThat(c.chartVersion()).hasToString("4.2.58");
            assertThat(c.imageTag()).isEqualTo("v2.5.17");
        });
    }

    @Test
    void rocksMqTurnsARollingHopIntoARecreateAndSaysWhy() {
        assertThatPath(plan("helm", "standalone", "rocksmq", "2.4.5", "2.5.12")).hop(0)
                .isKind(HopKind.RECREATE).needsDowntime(true).hasNoteContaining("RocksMQ");
    }

    @ParameterizedTest
    @EnumSource(DeployMethod.class)
    void noVersionChangeIsAnEmptyPath(DeployMethod method) {
        PathResult r = planner.plan(PathRequest.of(Version.parse("2.5.16"), Version.parse("2.5.16"), method, DeployMode.CLUSTER, MessageQueue.PULSAR));
        assertThat(assertThatPath(r).found().hops()).isEmpty();
    }

    // --- refusals: typed, with a reason a person can act on

    @ParameterizedTest
    @EnumSource(DeployMethod.class)
    void refusesADowngrade(DeployMethod method) {
        Refusal r = assertThatPath(planner.plan(PathRequest.of(Version.parse("2.5.16"), Version.parse("2.4.5"), method,
                DeployMode.CLUSTER, MessageQueue.PULSAR))).refused(Refusal.Downgrade.class);
        assertThat(r.reason()).contains("downgrade from 2.5.16 to 2.4.5").contains("rollback");
    }

    @Test
    void refusesAnUnknownVersionAndNamesTheNearestKnownOnes() {
        Refusal r = assertThatPath(plan("helm", "cluster", "pulsar", "2.5.16", "2.5.99")).refused(Refusal.UnknownVersion.class);
        assertThat(r.reason()).contains("2.5.99").contains("2.5.26").contains("catalog");
        assertThatPath(plan("helm", "cluster", "pulsar", "2.7.0", "2.7.1")).refused(Refusal.UnknownVersion.class);
    }

    @Test
    void refusesAnUpgradeFromTheReleaseCandidate260rc1() {
        Refusal r = assertThatPath(plan("helm", "cluster", "pulsar", "2.6.0-rc1", "2.6.15")).refused(Refusal.NoPath.class);
        assertThat(r.reason()).contains("release candidates");
    }

    @Test
    void refusesARollingUpgradeWithRocksMqWhenNoDowntimeIsDemanded() {
        PathResult res = planner.plan(PathRequest.of(Version.parse("2.4.5"), Version.parse("2.5.12"), DeployMethod.HELM,
                DeployMode.STANDALONE, MessageQueue.ROCKSMQ).withStrategy(PathRequest.Strategy.NO_DOWNTIME));
        assertThat(assertThatPath(res).refused(Refusal.NoPath.class).reason()).contains("rolling upgrade is not possible").contains("RocksMQ");
    }

    @Test
    void noDowntimeStillFindsARollingPath() {
        PathResult res = planner.plan(PathRequest.of(Version.parse("2.4.5"), Version.parse("2.5.16"), DeployMethod.HELM,
                DeployMode.CLUSTER, MessageQueue.PULSAR).withStrategy(PathRequest.Strategy.NO_DOWNTIME));
        assertThatPath(res).hasHops("rolling 2.4.5>2.5.16");
        PathResult to26 = planner.plan(PathRequest.of(Version.parse("2.5.16"), Version.parse("2.6.15"), DeployMethod.HELM,
                DeployMode.CLUSTER, MessageQueue.PULSAR).withStrategy(PathRequest.Strategy.NO_DOWNTIME));
        assertThat(assertThatPath(to26).refused(Refusal.NoPath.class).reason()).contains("topology-change").contains("downtime");
    }

    @Test
    void refusesMilvusDmFrom20StandaloneToCluster() {
        PathResult res = planner.plan(PathRequest.of(Version.parse("2.0.2"), Version.parse("2.0.2"), DeployMethod.HELM,
                DeployMode.CLUSTER, MessageQueue.PULSAR).withLiveMode(DeployMode.STANDALONE));
        assertThat(assertThatPath(res).refused(Refusal.Unsupported.class).reason())
                .contains("MilvusDM cannot migrate 2.0 standalone to 2.0 cluster").contains("m2m_legacy.md");
    }

    @Test
    void aModeChangeFrom1xIsFineBecauseTheDataMigrationInstallsANewDeployment() {
        PathResult res = planner.plan(PathRequest.of(Version.parse("1.1.1"), Version.parse("2.0.2"), DeployMethod.HELM,
                DeployMode.CLUSTER, MessageQueue.PULSAR).withLiveMode(DeployMode.STANDALONE));
        assertThatPath(res).hasHops("data-migration 1.1.1>2.0.2");
    }

    @Test
    void planningIsDeterministic() {
        PathResult a = plan("helm", "cluster", "pulsar", "2.0.2", "2.6.15");
        PathResult b = plan("helm", "cluster", "pulsar", "2.0.2", "2.6.15");
        assertThat(a).isEqualTo(b);
    }

    /** Every pair of GA releases gets a path or a typed refusal; none throws. */
    @Test
    void everyPairOfReleasesGetsAnAnswer() {
        var releases = VersionCatalog.builtIn().releases().stream().filter(r -> r.isGa()).map(r -> r.version()).toList();
        int paths = 0;
        for (Version from : releases) {
            for (Version to : releases) {
                for (DeployMethod m : DeployMethod.values()) {
                    PathResult r = planner.plan(PathRequest.of(from, to, m, DeployMode.CLUSTER, MessageQueue.PULSAR));
                    if (r instanceof PathResult.Found f) {
                        paths++;
                        assertThat(f.path().hops()).allSatisfy(h -> assertThat(h.steps()).isNotEmpty());
                        // A hop that changes metadata backs it up before it changes anything (the backup-required rule).
                        f.path().hops().stream().filter(h -> h.kind().changesMetadata()).forEach(h -> assertThat(
                                h.steps().stream().filter(s -> !(s instanceof CheckHealthy || s instanceof CheckOperatorVersion)).findFirst())
                                .as("first changing step of %s %s->%s (%s)", h.kind(), h.from(), h.to(), m).containsInstanceOf(BackupMetadata.class));
                        for (int i = 1; i < f.path().hops().size(); i++) {
                            assertThat(f.path().hops().get(i).from()).isEqualTo(f.path().hops().get(i - 1).to());
                        }
                    }
                }
            }
        }
        assertThat(paths).isGreaterThan(10_000);
    }
}
