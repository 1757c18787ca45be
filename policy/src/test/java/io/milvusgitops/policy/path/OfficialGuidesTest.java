package io.milvusgitops.policy.path;

import static io.milvusgitops.policy.path.PathAssert.assertThatPath;
import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.VersionCatalog;
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

/**
 * Where the seed catalog disagreed with the official documents (issue 14), one test each, named after the
 * guide it follows. WC = milvus-io/web-content@87726919a47f, HELM = zilliztech/milvus-helm.
 */
class OfficialGuidesTest {

    private final UpgradePlanner planner = new UpgradePlanner(VersionCatalog.builtIn());

    private static PathRequest req(String method, String mode, String mq, String from, String to) {
        return PathRequest.of(Version.parse(from), Version.parse(to), Named.byId(DeployMethod.class, method).orElseThrow(),
                Named.byId(DeployMode.class, mode).orElseThrow(), Named.byId(MessageQueue.class, mq).orElseThrow());
    }

    private UpgradePath found(PathRequest r) {
        return assertThatPath(planner.plan(r)).found();
    }

    private String refusal(PathRequest r) {
        PathResult res = planner.plan(r);
        assertThat(res).as("%s", r).isInstanceOf(PathResult.Refused.class);
        return ((PathResult.Refused) res).refusal().reason();
    }

    private static List<String> values(Hop h) {
        return h.chart().orElseThrow().set().stream().map(HelmValue::toString).toList();
    }

    /** WC v2.6.x/site/en/adminGuide/upgrade_milvus_cluster-helm.md, step 2: v2.5.16 with mixCoordinator, chart 4.2.58. */
    @Test
    void upgrade_milvus_cluster_helm_v26_enablesMixCoordFirstWithTheGuidesValues() {
        UpgradePath p = found(req("helm", "cluster", "kafka", "2.5.16", "2.6.22").withLayout(Layout.UNKNOWN.withCoordinators(Coordinators.SEPARATE)));
        Hop mix = p.hops().get(0);
        assertThat(mix.kind()).isEqualTo(HopKind.ENABLE_MIXCOORD);
        assertThat(mix.downtime()).isTrue();
        assertThat(mix.chart().orElseThrow().chartVersion()).hasToString("4.2.58");
        assertThat(mix.chart().orElseThrow().resetThenReuseValues()).isTrue();
        assertThat(values(mix)).containsExactly("image.all.tag=v2.5.16", "mixCoordinator.enabled=true", "rootCoordinator.enabled=false",
                "indexCoordinator.enabled=false", "queryCoordinator.enabled=false", "dataCoordinator.enabled=false");
        assertThat(mix.notes()).anySatisfy(n -> assertThat(n).contains("runs the separate coordinators").contains("downtime"));
        // Its rollback puts the separate coordinators back, as they ran.
        assertThat(mix.rollback().getFirst()).isInstanceOfSatisfying(Step.HelmUpgrade.class, u -> assertThat(u.set()).extracting(HelmValue::toString)
                .contains("mixCoordinator.enabled=false", "rootCoordinator.enabled=true", "queryCoordinator.enabled=true", "dataCoordinator.enabled=true"));
    }

    /** WC v2.6.x upgrade_milvus_cluster-helm.md, step 3: --set streaming.enabled=true --set indexNode.enabled=false --version=5.0.22. */
    @Test
    void upgrade_milvus_cluster_helm_v26_setsTheGuidesValuesOnThe26HopWithChart5022() {
        UpgradePath p = found(req("helm", "cluster", "kafka", "2.5.16", "2.6.22").withLayout(Layout.UNKNOWN.withCoordinators(Coordinators.MIXCOORD)));
        Hop h = p.hops().getFirst();
        assertThat(p.hops()).hasSize(1);
        assertThat(h.chart().orElseThrow().chartVersion()).hasToString("5.0.22");
        assertThat(values(h)).containsExactly("image.all.tag=v2.6.22", "streaming.enabled=true", "indexNode.enabled=false");
        assertThat(h.source()).contains("milvus-io/web-content@87726919a47f").contains("v2.6.x/site/en/adminGuide/upgrade_milvus_cluster-helm.md");
    }

    /**
     * WC v2.6.x upgrade_milvus_standalone-helm.md (image only), and WC v3.0.x adminGuide/mq_rocksmq.md: "Because 2.6.x changes the
     * standalone default to Woodpecker, pin mq.type: rocksmq ... before upgrading". HELM values.yaml@7552d1d37959: woodpecker.
     */
    @Test
    void upgrade_milvus_standalone_helm_v26_keepsTheQueueTheStandaloneRuns() {
        Hop h = found(req("helm", "standalone", "rocksmq", "2.5.16", "2.6.22")).hops().getFirst();
        assertThat(values(h)).containsExactly("image.all.tag=v2.6.22", "standalone.messageQueue=rocksmq");
        assertThat(h.chart().orElseThrow().set().get(1).purpose()).isEqualTo(HelmValue.Purpose.KEEP_MESSAGE_QUEUE);
    }

    /** WC v2.6.x upgrade_milvus_cluster-operator.md: mixCoord patched with the 2.5 image (2.2), then the 2.6 image (2.3). */
    @Test
    void upgrade_milvus_cluster_operator_v26_enablesMixCoordInAHopOfItsOwn() {
        UpgradePath p = found(req("operator", "cluster", "pulsar", "2.5.16", "2.6.22"));
        assertThat(p.hops()).extracting(Hop::kind).containsExactly(HopKind.ENABLE_MIXCOORD, HopKind.TOPOLOGY_CHANGE);
        assertThat(p.hops().get(0).steps()).contains(new Step.EnableMixCoord(Image.milvus("2.5.16")));
        assertThat(found(req("operator", "cluster", "pulsar", "2.5.16", "2.6.22").withLayout(Layout.UNKNOWN.withCoordinators(Coordinators.MIXCOORD)))
                .hops()).extracting(Hop::kind).containsExactly(HopKind.TOPOLOGY_CHANGE);
    }

    /**
     * HELM charts/milvus/README.md@98324768aeb7 line 24: Pulsar v2 users must not use 4.2.21..4.2.29 and must add
     * --set pulsar.enabled=true,pulsarv3.enabled=false; HELM values.yaml@d934ea87ca43: Pulsar v3 is the default from 4.2.27.
     */
    @Test
    void milvus_helm_readme_keepsPulsarV2AndAvoidsTheChartsItWarnsAbout() {
        PathRequest v2 = req("helm", "cluster", "pulsar", "2.4.15", "2.4.17").withLayout(Layout.UNKNOWN.withPulsar(PulsarVersion.V2)
                .withCoordinators(Coordinators.MIXCOORD));
        Hop h = found(v2).hops().getFirst();
        // 4.2.24 and 4.2.25 ship 2.4.17, but both are in the range to avoid: the newest chart of the line before them, with the tag set.
        assertThat(h.chart().orElseThrow().chartVersion()).hasToString("4.2.20");
        assertThat(values(h)).containsExactly("image.all.tag=v2.4.17");
        Hop to25 = found(req("helm", "cluster", "pulsar", "2.4.15", "2.5.16").withLayout(Layout.UNKNOWN.withPulsar(PulsarVersion.V2)
                .withCoordinators(Coordinators.MIXCOORD))).hops().getFirst();
        assertThat(values(to25)).containsExactly("image.all.tag=v2.5.16", "pulsar.enabled=true", "pulsarv3.enabled=false");
        assertThat(to25.steps()).filteredOn(Step.SyncHelmRelease.class::isInstance).singleElement()
                .satisfies(s -> assertThat(((Step.SyncHelmRelease) s).set()).extracting(HelmValue::toString).contains("pulsar.enabled=true"));
        // Pulsar v3 that runs on a chart whose default is v3 needs nothing.
        Hop v3 = found(req("helm", "cluster", "pulsar", "2.5.12", "2.5.16").withLayout(Layout.UNKNOWN.withPulsar(PulsarVersion.V3)
                .withCoordinators(Coordinators.MIXCOORD))).hops().getFirst();
        assertThat(values(v3)).containsExactly("image.all.tag=v2.5.16");
    }

    /**
     * No hidden cut-over (issue 14): a rolling hop to chart 4.2.58 (MixCoord by default since HELM values.yaml@740c6260ac17) on a
     * cluster with separate coordinators keeps them: its last helm upgrade (--reset-then-reuse-values) pins them.
     */
    @Test
    void noHiddenCutOver_aRollingHopPinsTheCoordinatorsThatRun() {
        Hop h = found(req("helm", "cluster", "kafka", "2.4.5", "2.5.16").withLayout(Layout.UNKNOWN.withCoordinators(Coordinators.SEPARATE)))
                .hops().getFirst();
        assertThat(h.kind()).isEqualTo(HopKind.ROLLING);
        assertThat(h.downtime()).isFalse();
        Step.SyncHelmRelease sync = h.steps().stream().filter(Step.SyncHelmRelease.class::isInstance).map(Step.SyncHelmRelease.class::cast)
                .findFirst().orElseThrow();
        assertThat(sync.values()).isEqualTo(Step.ValuesMode.RESET_THEN_REUSE);
        assertThat(sync.set()).extracting(HelmValue::toString).containsExactly("image.all.tag=v2.5.16", "mixCoordinator.enabled=false",
                "rootCoordinator.enabled=true", "queryCoordinator.enabled=true", "dataCoordinator.enabled=true");
        assertThat(sync.set()).extracting(HelmValue::purpose).contains(HelmValue.Purpose.KEEP_COORDINATORS);
    }

    /** WC v2.2.x..v2.6.x upgrade_milvus_{standalone,cluster}-docker.md: stop, change the image tags, start; never one component at a time. */
    @Test
    void upgrade_milvus_docker_neverRollsAndRefusesNoDowntime() {
        assertThatPath(planner.plan(req("compose", "cluster", "pulsar", "2.4.5", "2.5.16"))).hasHops("recreate 2.4.5>2.5.16");
        assertThat(refusal(req("compose", "cluster", "pulsar", "2.4.5", "2.5.16").withStrategy(PathRequest.Strategy.NO_DOWNTIME)))
                .contains("docker compose down").contains("drop --no-downtime");
    }

    /** WC v2.6.x upgrade_milvus_standalone-docker.md step 2: "update both the Milvus and MinIO image tags". */
    @Test
    void upgrade_milvus_standalone_docker_v26_changesMinioWithMilvus() {
        Hop h = found(req("compose", "standalone", "rocksmq", "2.5.16", "2.6.22")).hops().getFirst();
        assertThat(h.steps()).contains(new Step.UpdateMinio(Image.parse("minio/minio:RELEASE.2024-12-18T13-15-44Z")),
                new Step.PinMessageQueue(MessageQueue.ROCKSMQ));
    }

    /**
     * WC v2.2.x upgrade_milvus_standalone-docker.md line 20: before crossing 2.2.5, a new MinIO by hand (the guide gives no steps a tool
     * could follow): refused until the project runs it; planned once the MinIO it runs is that one or newer.
     */
    @Test
    void upgrade_milvus_standalone_docker_v22_needsTheMinioMigrationBefore225() {
        assertThat(refusal(req("compose", "standalone", "rocksmq", "2.2.3", "2.2.16"))).contains("migrate MinIO by hand").contains("not observed");
        PathRequest migrated = req("compose", "standalone", "rocksmq", "2.2.3", "2.2.16")
                .withLayout(Layout.UNKNOWN.withMinio(Image.parse("minio/minio:RELEASE.2023-03-20T20-16-18Z")));
        assertThatPath(planner.plan(migrated)).hasHops("recreate 2.2.3>2.2.16");
        assertThatPath(planner.plan(req("compose", "standalone", "rocksmq", "2.2.6", "2.2.16"))).hasHops("recreate 2.2.6>2.2.16");
        assertThatPath(planner.plan(req("compose", "cluster", "pulsar", "2.2.3", "2.2.16"))).hasHops("recreate 2.2.3>2.2.16");
    }

    /**
     * WC v2.5.x reference/sys_config/configure_mq.md ("NATS ... will be removed in Milvus v2.6"), v2.6.x mq.type without natsmq,
     * and the 2.6 guides' "you must maintain your current message queue choice".
     */
    @Test
    void configure_mq_natsCannotGoTo26AndQueuesRunWhereTheDocsSay() {
        assertThat(refusal(req("helm", "standalone", "natsmq", "2.5.16", "2.6.22"))).contains("NATS is gone from 2.6")
                .contains("configure_mq.md");
        assertThat(refusal(req("helm", "cluster", "rocksmq", "2.4.5", "2.5.16"))).contains("only inside a standalone");
        assertThat(refusal(req("operator", "cluster", "natsmq", "2.4.5", "2.5.16"))).contains("only with a standalone");
        assertThat(refusal(req("helm", "cluster", "woodpecker", "2.5.12", "2.5.16"))).contains("Woodpecker came with Milvus 2.6");
        assertThatPath(planner.plan(req("helm", "standalone", "natsmq", "2.4.5", "2.5.16"))).hasHops("rolling 2.4.5>2.5.16");
    }

    /**
     * WC v2.0.x release_notes.md: RC7 and PreGA are not compatible with what came before; v2.0.x adminGuide/upgrade.md documents
     * RC7 -> RC8 as a helm upgrade. An RC is not 1.x: no MilvusDM migration from it.
     */
    @Test
    void release_notes_v20_preReleasesAreNot1xAndOnlyRc7ToRc8IsDocumented() {
        assertThat(refusal(req("helm", "cluster", "pulsar", "2.0.0-RC6", "2.0.0"))).contains("2.0.0-RC7 is not compatible")
                .doesNotContain("milvusdm");
        assertThat(refusal(req("helm", "cluster", "pulsar", "2.0.0-RC7", "2.0.0"))).contains("PreGA is NOT compatible");
        assertThat(refusal(req("helm", "cluster", "pulsar", "2.0.0-PreGA", "2.0.0"))).contains("no guide documents an upgrade from 2.0.0-PreGA");
        assertThat(refusal(req("helm", "cluster", "pulsar", "2.0.0-RC2", "2.0.0-RC4"))).contains("pre-release 2.0.0-RC2");
        assertThat(refusal(req("operator", "cluster", "pulsar", "2.0.0-RC7", "2.0.0-RC8"))).contains("not compatible with Milvus v2.0.0-rc8");
        // The operator's compatibility table starts at 2.0: a 1.x Milvus is never its resource, so no MilvusDM hop is planned for it.
        assertThat(refusal(req("operator", "cluster", "pulsar", "1.1.1", "2.0.2"))).contains("2.0.0-PreGA and later only").contains("MilvusDM");
        assertThat(found(req("helm", "cluster", "pulsar", "1.1.1", "2.0.2")).hops().getFirst().kind()).isEqualTo(HopKind.DATA_MIGRATION);
        Hop rc = found(req("helm", "cluster", "pulsar", "2.0.0-RC7", "2.0.0-RC8")).hops().getFirst();
        assertThat(rc.kind()).isEqualTo(HopKind.RECREATE);
        assertThat(values(rc)).as("2.0 RC images carry build-dated tags: the chart's own").isEmpty();
        assertThat(refusal(req("helm", "cluster", "pulsar", "2.4.0-rc.1", "2.4.5"))).contains("pre-release 2.4.0-rc.1");
        assertThat(refusal(req("helm", "cluster", "pulsar", "2.5.16", "2.6.0-rc1"))).contains("pre-release 2.6.0-rc1");
    }

    /** WC v2.4.x release_notes.md "## [Deprecated] v2.4.13", v2.2.x 2.2.6 notes on 2.2.5: never a stop, a target only with a note. */
    @Test
    void release_notes_deprecatedReleasesAreNeverStopsAndAreNamedWhenAskedFor() {
        assertThatPath(planner.plan(req("helm", "cluster", "kafka", "2.2.4", "2.2.16"))).hasHops("rolling 2.2.4>2.2.16");
        Hop to = found(req("helm", "cluster", "kafka", "2.4.12", "2.4.13")).hops().getFirst();
        assertThat(to.notes()).anySatisfy(n -> assertThat(n).contains("2.4.13 is deprecated").contains("ask for a later release"));
        UpgradePath through = found(req("operator", "cluster", "kafka", "2.2.3", "2.6.22"));
        assertThat(through.hops()).allSatisfy(h -> assertThat(List.of(h.from(), h.to()))
                .doesNotContain(Version.parse("2.2.5"), Version.parse("2.3.6"), Version.parse("2.4.13")));
    }

    /** WC v3.0.x adminGuide/upgrade_milvus_cluster-helm.md: an image-only upgrade whose rollback the tool could not do: refused, saying so. */
    @Test
    void upgrade_milvus_cluster_helm_v30_isRefusedWithTheGuidesReason() {
        for (String method : List.of("helm", "operator")) {
            assertThat(refusal(req(method, "cluster", "pulsar", "2.6.20", "3.0.0"))).contains("persistent data backups")
                    .contains("set milvusVersion to 3.0.0");
        }
    }

    /** WC v2.6.x release_notes.md and guides: the catalog knows 2.6.22 (chart 5.0.22) and 2.5.27, the releases the guides upgrade to. */
    @Test
    void release_notes_theNewestReleasesArePlanned() {
        assertThatPath(planner.plan(req("helm", "standalone", "rocksmq", "2.5.18", "2.5.27"))).hasHops("recreate 2.5.18>2.5.27");
        assertThat(found(req("helm", "standalone", "rocksmq", "2.6.17", "2.6.22")).hops().getFirst().chart().orElseThrow().chartVersion())
                .hasToString("5.0.22");
        assertThatPath(planner.plan(req("helm", "cluster", "pulsar", "2.4.17", "2.4.24")
                .withLayout(Layout.UNKNOWN.withCoordinators(Coordinators.MIXCOORD).withPulsar(PulsarVersion.V3)))).hasHops("rolling 2.4.17>2.4.24");
    }
}
