package io.milvusgitops.daemon.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.testing.ComposeProject;
import io.milvusgitops.daemon.testing.DockerEngine;
import io.milvusgitops.daemon.testing.FakeMilvusImages;
import io.milvusgitops.daemon.testing.Run;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone Milvus under Docker Compose on the REAL Docker Engine: the project is brought up by
 * docker-compose from a file laid out as Milvus's own, the driver acts through the Engine API, and the
 * assertions are on the resulting containers, images, labels, environment, mounts, networks, etcd
 * contents and the Compose file.
 */
class ComposeStandaloneTest {

    @TempDir
    Path tmp;
    ComposeProject project;
    ComposeHarness h;

    @BeforeAll
    static void images() {
        ComposeHarness.images("2.1.4", "2.2.9", "2.2.16", "2.5.16", "2.6.15");
        FakeMilvusImages.minio(DockerEngine.client(), MINIO_26);
    }

    /** The MinIO of the v2.6.x Docker guide. */
    static final String MINIO_26 = "minio/minio:RELEASE.2024-12-18T13-15-44Z";

    void up(String version) throws Exception {
        project = ComposeProject.standalone(tmp, "mgt-sa", version).up();
        h = new ComposeHarness(project, DeployMode.STANDALONE, tmp.resolve("backups"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) h.driver.close();
        if (project != null) project.close();
    }

    String standalone() {
        return project.name() + "-standalone";
    }

    @Test
    void observesTheProjectItsVersionAndItsStatefulDependencies() throws Exception {
        up("2.2.9");
        ObservedProject p = h.observe();
        assertThat(p.version()).contains(Version.parse("2.2.9"));
        assertThat(p.mode()).isEqualTo(DeployMode.STANDALONE);
        assertThat(p.health()).isEqualTo(Health.HEALTHY);
        assertThat(p.milvus()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo(standalone());
            assertThat(c.component()).contains(Component.STANDALONE);
            assertThat(c.image()).isEqualTo("milvusdb/milvus:v2.2.9");
            assertThat(c.health()).contains("healthy");
            assertThat(c.networks()).containsKey(project.name());
            assertThat(c.networks().get(project.name())).contains("standalone");
            assertThat(c.mounts()).anySatisfy(m -> assertThat(m).endsWith("-> /var/lib/milvus"));
            assertThat(c.etcdEndpoints()).containsExactly("etcd:2379");
        });
        assertThat(p.dependencies()).extracting(c -> c.dependency().orElseThrow())
                .containsExactlyInAnyOrder(ProjectContainer.Dependency.ETCD, ProjectContainer.Dependency.MINIO);
        assertThat(h.observe().etcdEndpoints()).containsExactly("etcd:2379");
    }

    @Test
    void aRecreateHopReplacesTheContainerKeepingEverythingButTheImage() throws Exception {
        up("2.2.9");
        InspectContainerResponse before = h.container(standalone());
        Map<String, String> dependencies = h.dependencyIds();
        Hop hop = h.onlyHop("2.2.9", "2.2.16");
        assertThat(hop.kind()).isEqualTo(HopKind.RECREATE);

        Run run = h.forwardRepeatingEachStep(hop);
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();

        InspectContainerResponse after = h.container(standalone());
        assertThat(after.getId()).isNotEqualTo(before.getId());
        assertThat(after.getConfig().getImage()).isEqualTo("milvusdb/milvus:v2.2.16");
        assertKeptEverythingButTheImage(before, after);
        assertThat(ports(after)).containsExactly("19530/tcp <- 127.0.0.1:" + before.getHostConfig().getPortBindings().getBindings()
                .values().iterator().next()[0].getHostPortSpec());
        // What the image brings comes from the new image, not from the old container.
        assertThat(after.getConfig().getEnv()).contains("MILVUS_FAKE_VERSION=2.2.16").doesNotContain("MILVUS_FAKE_VERSION=2.2.9");
        assertThat(after.getConfig().getLabels()).containsEntry("org.opencontainers.image.version", "2.2.16");
        assertThat(h.ids()).as("no container kept for the way back once the hop is done").doesNotContainKey(standalone() + ".pre-upgrade");
        assertThat(h.dependencyIds()).as("etcd and MinIO untouched").isEqualTo(dependencies);
        assertThat(h.observe().version()).contains(Version.parse("2.2.16"));
        assertThat(Files.readString(project.file())).contains("image: milvusdb/milvus:v2.2.16   # the Milvus release this site runs");

        // Every step again, after the hop: nothing changes.
        Map<String, String> ids = h.ids();
        String file = Files.readString(project.file());
        assertThat(h.forward(hop).completed(hop.steps().size())).isTrue();
        assertThat(h.ids()).isEqualTo(ids);
        assertThat(Files.readString(project.file())).isEqualTo(file);
    }

    /** Everything Compose set survives the replacement: what a person would check with docker inspect. */
    static void assertKeptEverythingButTheImage(InspectContainerResponse before, InspectContainerResponse after) {
        assertThat(after.getName()).isEqualTo(before.getName());
        Map<String, String> composeLabels = new TreeMap<>(before.getConfig().getLabels());
        composeLabels.keySet().removeIf(k -> !k.startsWith("com.docker.compose."));
        assertThat(after.getConfig().getLabels()).containsAllEntriesOf(composeLabels);
        List<String> composeEnv = Arrays.stream(before.getConfig().getEnv()).filter(e -> !e.startsWith("MILVUS_FAKE_VERSION=") && !e.startsWith("PATH=")).toList();
        assertThat(after.getConfig().getEnv()).containsAll(composeEnv);
        assertThat(after.getConfig().getCmd()).isEqualTo(before.getConfig().getCmd());
        assertThat(after.getConfig().getHealthcheck()).isEqualTo(before.getConfig().getHealthcheck());
        assertThat(after.getHostConfig().getInit()).isTrue();
        assertThat(after.getHostConfig().getRestartPolicy()).isEqualTo(before.getHostConfig().getRestartPolicy());
        assertThat(ports(after)).isEqualTo(ports(before));
        assertThat(after.getHostConfig().getSecurityOpts()).isEqualTo(before.getHostConfig().getSecurityOpts());
        assertThat(after.getHostConfig().getNetworkMode()).isEqualTo(before.getHostConfig().getNetworkMode());
        assertThat(mounts(after)).isEqualTo(mounts(before));
        assertThat(after.getNetworkSettings().getNetworks().keySet()).isEqualTo(before.getNetworkSettings().getNetworks().keySet());
        before.getNetworkSettings().getNetworks().forEach((net, n) -> {
            List<String> aliases = n.getAliases().stream().filter(a -> !before.getId().startsWith(a)).toList();
            assertThat(after.getNetworkSettings().getNetworks().get(net).getAliases()).containsAll(aliases);
        });
    }

    static List<String> ports(InspectContainerResponse c) {
        return c.getHostConfig().getPortBindings().getBindings().entrySet().stream().flatMap(e -> Arrays.stream(e.getValue())
                .map(b -> e.getKey() + " <- " + b.getHostIp() + ":" + b.getHostPortSpec())).sorted().toList();
    }

    static List<String> mounts(InspectContainerResponse c) {
        return c.getMounts().stream().map(m -> (m.getName() == null ? m.getSource() : m.getName()) + " -> " + m.getDestination().getPath()
                + (Boolean.FALSE.equals(m.getRW()) ? " ro" : " rw")).sorted().toList();
    }

    @Test
    void aReplacementInterruptedAfterTheOldContainerWasKeptIsFinishedByTheRepeat() throws Exception {
        up("2.2.9");
        InspectContainerResponse before = h.container(standalone());
        Hop hop = h.onlyHop("2.2.9", "2.2.16");
        int start = hop.steps().indexOf(new Step.StartComponents(List.of(Component.STANDALONE),
                Image.parse("milvusdb/milvus:v2.2.16")));
        assertThat(h.forward(hop, 0, start).completed(start)).isTrue();
        // The daemon stopped right after keeping the old container, before it created the new one.
        h.docker.renameContainerCmd(before.getId()).withName(standalone() + ".pre-upgrade").exec();
        assertThat(h.ids()).doesNotContainKey(standalone());

        Run rest = h.forward(hop, start, hop.steps().size());
        assertThat(rest.completed(hop.steps().size() - start)).as("%s", rest.outcomes()).isTrue();
        InspectContainerResponse after = h.container(standalone());
        assertThat(after.getConfig().getImage()).isEqualTo("milvusdb/milvus:v2.2.16");
        assertKeptEverythingButTheImage(before, after);
        assertThat(h.ids().keySet()).containsOnly(standalone(), project.name() + "-etcd", project.name() + "-minio");
    }

    @Test
    void afterTheHopDockerComposeUpKeepsTheNewVersion() throws Exception {
        up("2.2.9");
        Hop hop = h.onlyHop("2.2.9", "2.2.16");
        assertThat(h.forward(hop).completed(hop.steps().size())).isTrue();
        // The file says 2.2.16 now: Compose recreates the container from it (the config hash changed) on 2.2.16.
        project.compose("up", "-d");
        project.awaitHealthy(Duration.ofSeconds(60));
        assertThat(h.container(standalone()).getConfig().getImage()).isEqualTo("milvusdb/milvus:v2.2.16");
        assertThat(h.observe().version()).contains(Version.parse("2.2.16"));
    }

    /**
     * upgrade_milvus_standalone-docker.md v2.6.x step 2: "update both the Milvus and MinIO image tags", then down and up; the
     * queue pinned first (v3.0.x install_standalone-docker-compose.md: "explicitly pin RocksMQ before upgrading"). Each step
     * repeated once it is done changes nothing more.
     */
    @Test
    void theHopTo26UpdatesMinioWithMilvusAndPinsTheQueue() throws Exception {
        up("2.5.16");
        h.put("by-dev/meta/root-coord/collection/1", "films");
        String oldMinio = h.container(project.name() + "-minio").getId();
        Hop hop = h.onlyHop("2.5.16", "2.6.15");
        assertThat(hop.steps()).contains(new Step.UpdateMinio(Image.parse(MINIO_26)), new Step.PinMessageQueue(MessageQueue.ROCKSMQ));

        Run run = h.forwardRepeatingEachStep(hop);
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();
        ObservedProject p = h.observe();
        assertThat(p.version()).contains(Version.parse("2.6.15"));
        assertThat(p.health()).isEqualTo(Health.HEALTHY);
        assertThat(p.retired()).as("nothing kept once the hop is done").isEmpty();
        assertThat(p.minio()).hasValueSatisfying(m -> assertThat(m.image()).isEqualTo(MINIO_26));
        assertThat(h.container(project.name() + "-minio").getId()).isNotEqualTo(oldMinio);
        assertThat(h.container(standalone()).getConfig().getEnv()).contains("MQ_TYPE=rocksmq");
        assertThat(h.etcd("by-dev/meta/root-coord/")).containsEntry("by-dev/meta/root-coord/collection/1", "films");
        assertThat(Files.readString(project.file())).contains(MINIO_26).contains("milvusdb/milvus:v2.6.15")
                .doesNotContain("RELEASE.2023-03-20T20-16-18Z");
        assertThat(h.driver.observe(h.target)).hasValueSatisfying(o -> assertThat(o.layout().minio()).contains(Image.parse(MINIO_26)));
    }

    /** A 2.6 that never gets healthy: Milvus back on its own 2.5 container (no pin), MinIO left on the newer release it reads and writes. */
    @Test
    void aFailedHopTo26PutsTheOldContainerBackAndLeavesMinioNew() throws Exception {
        up("2.5.16");
        String oldId = h.container(standalone()).getId();
        // A version no other suite runs good: the Docker suites share the engine, and may run at once.
        FakeMilvusImages.badMilvus(DockerEngine.client(), "2.6.14");
        try {
            Hop hop = h.onlyHop("2.5.16", "2.6.14");
            Run run = h.forward(hop);
            assertThat(run.last()).isInstanceOf(StepOutcome.Failed.class);
            Run back = h.back(hop);
            assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();
            assertThat(h.container(standalone()).getId()).as("its own container").isEqualTo(oldId);
            assertThat(h.container(standalone()).getConfig().getEnv()).doesNotContain("MQ_TYPE=rocksmq");
            assertThat(h.observe().version()).contains(Version.parse("2.5.16"));
            assertThat(h.observe().minio()).hasValueSatisfying(m -> assertThat(m.image()).isEqualTo(MINIO_26));
        } finally {
            FakeMilvusImages.milvus(DockerEngine.client(), "2.6.14");
        }
    }

    @Test
    void aMetaMigrationBacksUpStopsMigratesOnTheProjectNetworkAndStartsTheNewImage() throws Exception {
        up("2.1.4");
        h.put("by-dev/meta/root-coord/collection/1", "films");
        h.put("by-dev/kv/gid/timestamp", "42");
        InspectContainerResponse before = h.container(standalone());
        Hop hop = h.onlyHop("2.1.4", "2.2.9");
        assertThat(hop.kind()).isEqualTo(HopKind.META_MIGRATION);
        assertThat(h.etcd("by-dev/meta/session/")).as("the running 2.1.4 holds a session").isNotEmpty();

        Run run = h.forwardRepeatingEachStep(hop);
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();

        assertThat(h.etcd("by-dev/")).containsEntry("by-dev/meta/migrated", "2.1.4 -> 2.2.9")
                .containsEntry("by-dev/meta/root-coord/collection/1", "films");
        InspectContainerResponse tool = h.docker.inspectContainerCmd(project.name() + "-meta-migration-plan-1-2.1.4-2.2.9").exec();
        assertThat(tool.getConfig().getImage()).isEqualTo("milvusdb/meta-migration:v2.2.0");
        assertThat(tool.getState().getExitCodeLong()).isZero();
        assertThat(tool.getHostConfig().getNetworkMode()).isEqualTo(project.name());
        assertThat(tool.getConfig().getCmd()).containsExactly("/milvus/bin/meta-migration", "-config=/milvus/configs/migration.yaml");
        assertThat(Files.list(tmp.resolve("backups")).map(f -> f.getFileName().toString()))
                .contains("plan-1-2.1.4-2.2.9.backup", "plan-1-2.1.4-2.2.9.json");

        InspectContainerResponse after = h.container(standalone());
        assertThat(after.getConfig().getImage()).isEqualTo("milvusdb/milvus:v2.2.9");
        assertKeptEverythingButTheImage(before, after);
        assertThat(h.etcd("by-dev/meta/session/")).as("the new 2.2.9 holds its session").isNotEmpty()
                .allSatisfy((k, v) -> assertThat(v).contains("2.2.9"));
        assertThat(Files.readString(project.file())).contains("milvusdb/milvus:v2.2.9").doesNotContain("v2.1.4");
    }

    @Test
    void aFailedMetaMigrationRestoresTheMetadataAndTheOldContainer() throws Exception {
        up("2.1.4");
        h.put("by-dev/meta/root-coord/collection/1", "films");
        h.put("by-dev/test/fail-migration", "yes");
        Map<String, String> metadata = h.etcd("by-dev/");
        metadata.keySet().removeIf(k -> k.startsWith("by-dev/meta/session/"));
        String id = h.container(standalone()).getId();
        String file = Files.readString(project.file());
        Hop hop = h.onlyHop("2.1.4", "2.2.9");

        Run run = h.forward(hop);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.JOB_FAILED);
            assertThat(f.message()).contains("exited with code 1").contains("failed half-way").contains("password=***")
                    .doesNotContain("hunter2");
        });
        assertThat(h.etcd("by-dev/")).as("the half-done migration left its marker").containsKey("by-dev/meta/migrated");

        Run back = h.back(hop);
        assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();
        Map<String, String> restored = h.etcd("by-dev/");
        restored.keySet().removeIf(k -> k.startsWith("by-dev/meta/session/"));
        assertThat(restored).isEqualTo(metadata);
        InspectContainerResponse c = h.container(standalone());
        assertThat(c.getId()).as("the very same container").isEqualTo(id);
        assertThat(c.getConfig().getImage()).isEqualTo("milvusdb/milvus:v2.1.4");
        assertThat(c.getState().getHealth().getStatus()).isEqualTo("healthy");
        assertThat(Files.readString(project.file())).isEqualTo(file);
    }

    @Test
    void aMissingImageIsAClearErrorBeforeAnythingStops() throws Exception {
        up("2.2.9");
        assertThat(h.driver.observe((Location.ComposeProject) h.target.location()).milvus()).hasSize(1);
        Map<String, String> ids = h.ids();
        String started = h.container(standalone()).getState().getStartedAt();
        Hop hop = h.onlyHop("2.2.9", "2.2.10"); // no image milvusdb/milvus:v2.2.10 on this host

        Run run = h.forward(hop);
        assertThat(run.outcomes()).hasSize(1);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.message()).contains("image milvusdb/milvus:v2.2.10 is not on Docker host unix:///var/run/docker.sock")
                    .contains("docker pull milvusdb/milvus:v2.2.10").contains("nothing was stopped");
        });
        assertThat(h.ids()).isEqualTo(ids);
        assertThat(h.container(standalone()).getState().getStartedAt()).as("never stopped").isEqualTo(started);
    }

    @Test
    void aNewImageThatNeverGetsHealthyIsRolledBackToTheOldContainerWithItsConfigIntact() throws Exception {
        FakeMilvusImages.badMilvus(DockerEngine.client(), "2.2.13");
        up("2.2.9");
        InspectContainerResponse before = h.container(standalone());
        String file = Files.readString(project.file());
        Hop hop = h.onlyHop("2.2.9", "2.2.13");

        Run run = h.forward(hop);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.NOT_READY);
            assertThat(f.message()).contains(standalone()).contains("milvusdb/milvus:v2.2.13");
        });
        assertThat(h.ids()).containsKey(standalone() + ".pre-upgrade");

        Run back = h.back(hop);
        assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();
        InspectContainerResponse after = h.container(standalone());
        assertThat(after.getId()).as("the old container itself comes back").isEqualTo(before.getId());
        assertThat(after.getConfig().getImage()).isEqualTo("milvusdb/milvus:v2.2.9");
        assertKeptEverythingButTheImage(before, after);
        assertThat(after.getState().getHealth().getStatus()).isEqualTo("healthy");
        assertThat(h.ids().keySet()).noneMatch(n -> n.endsWith(".pre-upgrade"));
        assertThat(Files.readString(project.file())).isEqualTo(file);
    }

    @Test
    void theLastStepAsksMilvusAtItsPublishedGrpcPortAndAProxyAnsweringTheOldVersionIsRolledBack() throws Exception {
        up("2.2.9");
        InspectContainerResponse before = h.container(standalone());
        Hop hop = h.onlyHop("2.2.9", "2.2.16");
        assertThat(hop.steps().getLast()).isEqualTo(new Step.SmokeTest(Version.parse("2.2.16")));
        // The new container runs and says healthy, but what answers clients on 19530 still says 2.2.9.
        project.milvus().reportVersion("v2.2.9");

        Run run = h.forward(hop);
        assertThat(run.outcomes()).hasSize(hop.steps().size());
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.NOT_READY);
            assertThat(f.message()).contains("GetVersion with 'v2.2.9', not 2.2.16");
        });
        Run back = h.back(hop);
        assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();
        assertThat(h.container(standalone()).getId()).as("the old container itself comes back").isEqualTo(before.getId());

        // Answering right, the same step passes through the SDK: version, health, and the canary collection's read.
        project.milvus().reportVersion(null).collection("upgrade_canary", 7);
        StepOutcome smoke = h.smokeTest(hop, Version.parse("2.2.9"), "upgrade_canary");
        assertThat(smoke).isInstanceOfSatisfying(StepOutcome.Done.class, d -> assertThat(d.what())
                .contains("GetVersion 2.2.9, CheckHealth healthy, and a read of canary collection upgrade_canary (7 rows)"));
    }
}
