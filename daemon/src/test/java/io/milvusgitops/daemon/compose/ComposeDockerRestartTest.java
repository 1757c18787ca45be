package io.milvusgitops.daemon.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.testing.ComposeProject;
import io.milvusgitops.daemon.testing.DockerEngine;
import io.milvusgitops.daemon.testing.Run;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.version.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker daemon restarts in the middle of an upgrade (a host reboot, a Docker update): dockerd is
 * stopped with SIGTERM, which stops every container, and started again; containers with
 * {@code restart: unless-stopped} come back, those the driver stopped stay stopped. The hop goes on
 * from what it finds and ends as if nothing had happened.
 */
class ComposeDockerRestartTest {

    @TempDir
    Path tmp;
    ComposeProject project;
    ComposeHarness h;

    @BeforeAll
    static void images() {
        ComposeHarness.images("2.1.4", "2.2.9", "2.5.10", "2.5.16");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) h.driver.close();
        if (project != null) project.close();
    }

    void restartDockerBefore(int step) {
        h.betweenSteps = i -> {
            if (i != step) return;
            try {
                DockerEngine.restart();
            } catch (Exception e) {
                throw new AssertionError("restarting dockerd: " + e, e);
            }
        };
    }


    @Test
    void aRollingHopGoesOnAfterDockerRestartedBetweenAReplacementAndItsHealthCheck() throws Exception {
        project = ComposeProject.cluster(tmp, "mgt-rs", "2.5.10", ComposeClusterTest.WITH_MIXCOORD).up();
        h = new ComposeHarness(project, DeployMode.CLUSTER, tmp.resolve("backups"));
        h.put("by-dev/meta/root-coord/collection/1", "films");
        Map<String, String> dependencies = h.dependencyIds();
        String etcdStarted = h.container(project.name() + "-etcd").getState().getStartedAt();
        Hop hop = h.onlyHop(ComposeHarness.catalogBeyondTheGuides(), "2.5.10", "2.5.16"); // the driver's rolling: no guide plans it
        // datanode and querynode replaced, then Docker restarts before they are checked.
        restartDockerBefore(hop.steps().indexOf(new Step.WaitHealthy(List.of(Component.DATANODE, Component.QUERYNODE))));

        Run run = h.forward(hop);
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();

        ObservedProject p = h.observe();
        assertThat(p.version()).contains(Version.parse("2.5.16"));
        assertThat(p.health()).isEqualTo(Health.HEALTHY);
        assertThat(p.retired()).isEmpty();
        assertThat(p.milvus()).hasSize(4);
        assertThat(h.dependencyIds()).as("etcd and MinIO came back as themselves").isEqualTo(dependencies);
        assertThat(h.container(project.name() + "-etcd").getState().getStartedAt()).as("Docker did restart").isNotEqualTo(etcdStarted);
        assertThat(h.etcd("by-dev/meta/root-coord/")).containsEntry("by-dev/meta/root-coord/collection/1", "films");
    }

    /**
     * With {@code restart: always}, Docker starts the stopped 2.1.4 again when it restarts itself: the
     * driver stops it again and waits for its session to expire before the migration runs.
     */
    @Test
    void aMetaMigrationGoesOnAfterDockerRestartedWhileMilvusWasStopped() throws Exception {
        project = ComposeProject.standalone(tmp, "mgt-rs", "2.1.4").restart("always").up();
        h = new ComposeHarness(project, DeployMode.STANDALONE, tmp.resolve("backups"));
        h.put("by-dev/meta/root-coord/collection/1", "films");
        Hop hop = h.onlyHop("2.1.4", "2.2.9");
        restartDockerBefore(hop.steps().indexOf(new Step.WaitNoLiveSessions()));

        Run run = h.forward(hop);
        assertThat(run.completed(hop.steps().size())).as("%s", run.outcomes()).isTrue();

        assertThat(h.waits).anySatisfy(w -> assertThat(w).contains("stopped again [" + project.name() + "-standalone]"));
        assertThat(h.etcd("by-dev/")).containsEntry("by-dev/meta/migrated", "2.1.4 -> 2.2.9")
                .containsEntry("by-dev/meta/root-coord/collection/1", "films");
        assertThat(h.container(project.name() + "-standalone").getHostConfig().getRestartPolicy().getName()).isEqualTo("always");
        ObservedProject p = h.observe();
        assertThat(p.version()).contains(Version.parse("2.2.9"));
        assertThat(p.health()).isEqualTo(Health.HEALTHY);
        assertThat(p.retired()).isEmpty();
    }
}
