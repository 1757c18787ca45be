package io.milvusgitops.daemon.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.reconcile.Pass;
import io.milvusgitops.daemon.reconcile.UpgradeExecutor;
import io.milvusgitops.daemon.record.DirectoryStateStore;
import io.milvusgitops.daemon.testing.ComposeProject;
import io.milvusgitops.daemon.testing.DockerEngine;
import io.milvusgitops.daemon.testing.FakeMilvusImages;
import io.milvusgitops.daemon.testing.Plans;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver as the daemon builds it ({@link ComposeTargetDriver#forHost}) under the resumable
 * executor: the executor plans, records and calls one step per pass; on a fatal failure it runs the
 * hop's rollback by itself.
 */
class ComposeExecutorTest {

    @TempDir
    Path tmp;
    ComposeProject project;
    ComposeDriver driver;
    Target target;

    @BeforeAll
    static void images() {
        ComposeHarness.images("2.2.9", "2.2.16");
        FakeMilvusImages.badMilvus(DockerEngine.client(), "2.2.13");
    }

    void up() throws Exception {
        project = ComposeProject.standalone(tmp, "mgt-ex", "2.2.9").up();
        target = new Target("edge-berlin", DeployMethod.COMPOSE, DeployMode.STANDALONE, MessageQueue.ROCKSMQ, "by-dev", false,
                new Location.ComposeProject(DockerEngine.HOST, project.name(), Optional.of(project.file().toString())));
        driver = ComposeDriver.forHost(DockerEngine.HOST, Optional.empty(), List.of(), new DirectoryBackupStore(tmp.resolve("backups")),
                VersionCatalog.builtIn(), Clock.systemUTC(), Duration.ofMillis(250));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (driver != null) driver.close();
        if (project != null) project.close();
    }

    /** Passes until the executor has nothing left to do; the passes it made, in words. */
    List<Pass> reconcile(String desired) throws Exception {
        UpgradeExecutor executor = Plans.executor(new DirectoryStateStore(tmp.resolve("state")), driver,
                new AuditLog(tmp.resolve("audit.jsonl"), Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(60), 3);
        List<Pass> passes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            TargetDriver.Observed live = driver.observe(target).orElseThrow();
            Pass p = executor.advance(Plans.turn(new TargetKey("dev", "edge-berlin"), target, "c1", live.version().orElse(live.lowest()),
                    Version.parse(desired)));
            passes.add(p);
            if (p instanceof Pass.Idle || p instanceof Pass.Halted) return passes;
            if (p instanceof Pass.WaitFor w) Thread.sleep(Math.min(250, w.after().toMillis()));
        }
        throw new AssertionError("never settled: " + passes.subList(passes.size() - 5, passes.size()));
    }

    @Test
    void theExecutorUpgradesTheProjectThroughTheDriverTheDaemonBuilds() throws Exception {
        up();
        assertThat(driver.observe(target)).hasValueSatisfying(o -> {
            assertThat(o.version()).contains(Version.parse("2.2.9"));
            assertThat(o.health()).isEqualTo(Health.HEALTHY);
        });
        List<Pass> passes = reconcile("2.2.16");
        assertThat(passes.get(passes.size() - 1)).isInstanceOf(Pass.Idle.class);
        assertThat(driver.observe(target)).hasValueSatisfying(o -> {
            assertThat(o.version()).contains(Version.parse("2.2.16"));
            assertThat(o.health()).isEqualTo(Health.HEALTHY);
        });
        assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("completed").doesNotContain("s3cr3t-never-logged");
    }

    @Test
    void theExecutorRollsAFailedHopBackAndHalts() throws Exception {
        up();
        String id = project.containers().get(project.name() + "-standalone").getId();
        List<Pass> passes = reconcile("2.2.13"); // a bad build
        assertThat(passes.get(passes.size() - 1)).isInstanceOfSatisfying(Pass.Halted.class,
                h -> assertThat(h.reason()).contains("rolled back to 2.2.9"));
        assertThat(driver.observe(target)).hasValueSatisfying(o -> {
            assertThat(o.version()).contains(Version.parse("2.2.9"));
            assertThat(o.health()).isEqualTo(Health.HEALTHY);
        });
        assertThat(project.containers().get(project.name() + "-standalone").getId()).isEqualTo(id);
        assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("NOT_READY").doesNotContain("s3cr3t-never-logged");
    }
}
