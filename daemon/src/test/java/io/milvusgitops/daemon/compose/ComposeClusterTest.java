package io.milvusgitops.daemon.compose;

import static io.milvusgitops.daemon.compose.ComposeStandaloneTest.assertKeptEverythingButTheImage;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.testing.ComposeProject;
import io.milvusgitops.daemon.testing.DockerEngine;
import io.milvusgitops.daemon.testing.FakeMilvusImages;
import io.milvusgitops.daemon.testing.Run;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Milvus cluster under Docker Compose on the REAL Docker Engine: rolling and topology-change hops, and their rollback. */
class ComposeClusterTest {

    static final List<String> WITH_MIXCOORD = List.of("mixcoord", "datanode", "querynode", "proxy");
    static final List<String> SEPARATE_COORDINATORS = List.of("rootcoord", "datacoord", "querycoord", "indexnode", "datanode", "querynode", "proxy");

    @TempDir
    Path tmp;
    ComposeProject project;
    ComposeHarness h;

    @BeforeAll
    static void images() {
        ComposeHarness.images("2.5.10", "2.5.16", "2.6.15");
        FakeMilvusImages.minio(DockerEngine.client(), ComposeStandaloneTest.MINIO_26);
        FakeMilvusImages.badMilvus(DockerEngine.client(), "2.5.13"); // a version no other suite runs good
    }

    void up(String version, List<String> components) throws Exception {
        project = ComposeProject.cluster(tmp, "mgt-cl", version, components).up();
        h = new ComposeHarness(project, DeployMode.CLUSTER, tmp.resolve("backups"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) h.driver.close();
        if (project != null) project.close();
    }

    String name(String service) {
        return project.name() + "_" + service + "_1";
    }

    /** The Milvus containers (by name), each inspected. */
    Map<String, InspectContainerResponse> milvus() {
        Map<String, InspectContainerResponse> out = new TreeMap<>(project.containers());
        out.keySet().removeIf(n -> n.endsWith("-etcd") || n.endsWith("-minio"));
        return out;
    }

    /** After a rollback: every Milvus container is its very own old one, with everything it had. */
    void assertTheOldContainersAreBack(Map<String, InspectContainerResponse> before) {
        Map<String, InspectContainerResponse> after = milvus();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((n, b) -> {
            assertThat(after.get(n).getId()).as("%s is its own old container", n).isEqualTo(b.getId());
            assertKeptEverythingButTheImage(b, after.get(n));
        });
    }

    @Test
    void aRollingHopReplacesOneComponentAtATimeInTheDocumentedOrder() throws Exception {
        up("2.5.10", WITH_MIXCOORD);
        project.compose("up", "-d", "--scale", "querynode=2"); // a scaled service: its containers go one at a time
        project.awaitHealthy(Duration.ofSeconds(60));
        Map<String, InspectContainerResponse> before = milvus();
        Map<String, String> dependencies = h.dependencyIds();
        // No Docker guide rolls a project (the built-in catalog recreates it): the driver's rolling, on a catalog that asks for it.
        assertThat(h.onlyHop("2.5.10", "2.5.16").kind()).isEqualTo(HopKind.RECREATE);
        Hop hop = h.onlyHop(ComposeHarness.catalogBeyondTheGuides(), "2.5.10", "2.5.16");
        assertThat(hop.kind()).isEqualTo(HopKind.ROLLING);
        assertThat(hop.steps().get(1)).isEqualTo(new Step.UpdateComponent(Component.MIXCOORD, Image.parse("milvusdb/milvus:v2.5.16")));

        // The first stage alone: mixcoord runs 2.5.16, the rest 2.5.10 (an upgrade half done), its old container kept.
        assertThat(h.forward(hop, 0, 3).completed(3)).isTrue();
        ObservedProject half = h.observe();
        assertThat(half.of(Component.MIXCOORD)).singleElement().satisfies(c -> assertThat(c.version()).contains(Version.parse("2.5.16")));
        assertThat(half.of(Component.PROXY)).singleElement().satisfies(c -> assertThat(c.version()).contains(Version.parse("2.5.10")));
        assertThat(half.version()).isEmpty();
        assertThat(half.retired()).extracting(ProjectContainer::name).containsExactly(name("mixcoord") + ".pre-upgrade");

        Run rest = h.run(hop, hop.steps(), 3, hop.steps().size(), true);
        assertThat(rest.completed(hop.steps().size() - 3)).as("%s", rest.outcomes()).isTrue();
        ObservedProject done = h.observe();
        assertThat(done.version()).contains(Version.parse("2.5.16"));
        assertThat(done.health()).isEqualTo(Health.HEALTHY);
        assertThat(done.of(Component.QUERYNODE)).hasSize(2);
        assertThat(done.retired()).isEmpty();
        Map<String, InspectContainerResponse> after = milvus();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((n, b) -> {
            assertThat(after.get(n).getConfig().getImage()).isEqualTo("milvusdb/milvus:v2.5.16");
            assertKeptEverythingButTheImage(b, after.get(n));
        });
        assertThat(h.dependencyIds()).as("etcd and MinIO untouched").isEqualTo(dependencies);
        assertThat(Files.readString(project.file())).contains("image: 'milvusdb/milvus:v2.5.16'").doesNotContain("v2.5.10");
    }

    @Test
    void aFailedRollingHopRollsEveryReplacedComponentBackToItsOwnContainer() throws Exception {
        up("2.5.10", WITH_MIXCOORD);
        Map<String, InspectContainerResponse> before = milvus();
        String file = Files.readString(project.file());
        Hop hop = h.onlyHop(ComposeHarness.catalogBeyondTheGuides(), "2.5.10", "2.5.13"); // 2.5.13 is a bad build here: it exits at once

        Run run = h.forward(hop);
        assertThat(run.outcomes()).hasSize(3);
        assertThat(run.last()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.NOT_READY);
            assertThat(f.message()).contains(name("mixcoord")).contains("with code 1").contains("docker logs");
        });
        assertThat(h.observe().of(Component.PROXY)).as("the next stage never started")
                .singleElement().satisfies(c -> assertThat(c.image()).isEqualTo("milvusdb/milvus:v2.5.10"));

        Run back = h.back(hop);
        assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();
        assertTheOldContainersAreBack(before);
        assertThat(h.observe().health()).isEqualTo(Health.HEALTHY);
        assertThat(h.observe().version()).contains(Version.parse("2.5.10"));
        assertThat(Files.readString(project.file())).isEqualTo(file);
    }

    @Test
    void aTopologyChangeRemovesTheOldCoordinatorsAndCreatesMixCoordAndStreamingNode() throws Exception {
        up("2.5.16", SEPARATE_COORDINATORS);
        h.put("by-dev/meta/root-coord/collection/1", "films");
        InspectContainerResponse rootcoord = h.container(name("rootcoord"));
        Map<String, String> dependencies = h.dependencyIds();
        // No guide moves a Compose cluster to 2.6 (the built-in catalog refuses it): the driver's switch, on a catalog that asks for it.
        Hop hop = h.onlyHop(ComposeHarness.catalogBeyondTheGuides(), "2.5.16", "2.6.15");
        assertThat(hop.kind()).isEqualTo(HopKind.TOPOLOGY_CHANGE);

        Run run = h.forwardRepeatingEachStep(hop);
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();

        ObservedProject p = h.observe();
        assertThat(p.milvus()).extracting(c -> c.component().orElseThrow()).containsExactlyInAnyOrder(Component.MIXCOORD,
                Component.STREAMINGNODE, Component.QUERYNODE, Component.DATANODE, Component.PROXY);
        assertThat(p.version()).contains(Version.parse("2.6.15"));
        assertThat(p.health()).isEqualTo(Health.HEALTHY);
        assertThat(h.ids().keySet()).as("the old coordinators and indexnode are gone, nothing kept")
                .noneMatch(n -> n.contains("rootcoord") || n.contains("datacoord") || n.contains("querycoord") || n.contains("indexnode")
                        || n.endsWith(".pre-upgrade"));

        // MixCoord is modelled on the old rootcoord: its settings, its own service name.
        InspectContainerResponse mixcoord = h.container(name("mixcoord"));
        assertThat(mixcoord.getConfig().getCmd()).containsExactly("milvus", "run", "mixcoord");
        assertThat(mixcoord.getConfig().getLabels()).containsEntry("com.docker.compose.service", "mixcoord")
                .containsEntry("com.docker.compose.project", project.name()).containsKey("io.milvus-gitops.created-by")
                .doesNotContainKey("com.docker.compose.config-hash");
        assertThat(mixcoord.getConfig().getEnv()).contains("ETCD_ENDPOINTS=etcd:2379", "MINIO_SECRET_KEY=s3cr3t-never-logged");
        assertThat(mixcoord.getHostConfig().getInit()).isTrue();
        assertThat(mixcoord.getHostConfig().getRestartPolicy()).isEqualTo(rootcoord.getHostConfig().getRestartPolicy());
        assertThat(mixcoord.getConfig().getHealthcheck()).isEqualTo(rootcoord.getConfig().getHealthcheck());
        assertThat(mixcoord.getNetworkSettings().getNetworks().get(project.name()).getAliases()).contains("mixcoord").doesNotContain("rootcoord");
        assertThat(h.container(name("streamingnode")).getConfig().getCmd()).containsExactly("milvus", "run", "streamingnode");

        assertThat(h.etcd("by-dev/")).containsEntry("by-dev/meta/root-coord/collection/1", "films");
        assertThat(Files.list(tmp.resolve("backups")).map(f -> f.getFileName().toString())).contains("plan-1-2.5.16-2.6.15.backup");
        assertThat(h.dependencyIds()).isEqualTo(dependencies);
        assertThat(Files.readString(project.file())).contains("milvusdb/milvus:v2.6.15").doesNotContain("v2.5.16");
    }

    @Test
    void aTopologyChangeRolledBackBringsTheOldCoordinatorsBackAndRemovesTheNewOnes() throws Exception {
        up("2.5.16", SEPARATE_COORDINATORS);
        h.put("by-dev/meta/root-coord/collection/1", "films");
        Map<String, InspectContainerResponse> before = milvus();
        Map<String, String> metadata = h.etcd("by-dev/meta/root-coord/");
        String file = Files.readString(project.file());
        // No guide moves a Compose cluster to 2.6 (the built-in catalog refuses it): the driver's switch, on a catalog that asks for it.
        Hop hop = h.onlyHop(ComposeHarness.catalogBeyondTheGuides(), "2.5.16", "2.6.15");
        int waitHealthy = hop.steps().indexOf(new Step.WaitHealthy(List.of()));

        // Everything up to the new topology running, then the way back (as after a failed smoke test).
        assertThat(h.forward(hop, 0, waitHealthy + 1).completed(waitHealthy + 1)).isTrue();
        h.put("by-dev/meta/root-coord/collection/2", "written by 2.6");
        Run back = h.back(hop);
        assertThat(back.completed(hop.rollback().size())).as("%s", back.outcomes()).isTrue();

        assertTheOldContainersAreBack(before);
        assertThat(h.observe().version()).contains(Version.parse("2.5.16"));
        assertThat(h.observe().health()).isEqualTo(Health.HEALTHY);
        assertThat(h.etcd("by-dev/meta/root-coord/")).isEqualTo(metadata);
        assertThat(Files.readString(project.file())).isEqualTo(file);
    }
}
