package io.milvusgitops.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.StepRunner;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.helm.HelmDriver;
import io.milvusgitops.daemon.helm.HelmObserver;
import io.milvusgitops.daemon.helm.ObservedRelease;
import io.milvusgitops.daemon.record.DirectoryStateStore;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.daemon.testing.MutableClock;
import io.milvusgitops.daemon.testing.Plans;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.daemon.testing.ReferenceCharts;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.controllers.SimulatedKubelet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resumable executor driving the Helm driver through a two-hop plan (2.1.4 -> meta migration ->
 * 2.5.16 -> topology change -> 2.6.15) on the emulator with the real charts and the real etcd,
 * while the "process" dies again and again: between passes, and between a step's act and its record.
 */
class UpgradeExecutorTest {

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
    DirectoryStateStore store;
    AuditLog audit;
    final Target target = new Target("search", DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "by-dev", false,
            new Location.HelmRelease("test", NS, RELEASE));
    final TargetKey key = new TargetKey("milvus", RELEASE);

    @BeforeEach
    void setUp() throws Exception {
        etcd.clear("by-dev");
        kube = new EmulatedKube();
        helm = kube.helm();
        clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        kubelet = new SimulatedKubelet(kube.api(), NS, clock, clock::advance, Duration.ofSeconds(20), etcd.client().getKVClient(), "by-dev");
        store = new DirectoryStateStore(tmp.resolve("state"));
        audit = new AuditLog(tmp.resolve("audit.jsonl"), clock);
        helm.install(NS, RELEASE, "zilliztech/milvus", "3.2.18", Map.of("cluster.enabled", "true"));
        kubelet.settle(STEP, 6);
    }

    @AfterEach
    void tearDown() {
        kube.close();
    }

    /** A fresh "process": a new driver and executor on the same cluster, etcd, backups and records. */
    UpgradeExecutor restart(StepRunner wrap) throws Exception {
        HelmDriver driver = new HelmDriver(kube.client(), helm, new EtcdMetadata(etcd.client(), Duration.ofSeconds(10), clock),
                new DirectoryBackupStore(tmp.resolve("backups")), clock, STEP);
        StepRunner runner = wrap == null ? driver::execute : (ctx, step) -> {
            StepOutcome o = driver.execute(ctx, step);
            return wrap.execute(ctx, step) == null ? o : o;
        };
        return Plans.executor(store, runner, audit, clock, Duration.ofMinutes(10), 3);
    }

    ObservedRelease observe() throws Exception {
        return new HelmObserver(kube.client()).observe(NS, RELEASE);
    }

    /** The process dies by this exception; the test starts another one. */
    static final class Crash extends RuntimeException {
    }

    @Test
    void aTwoHopUpgradeFinishesWithEveryStepDoneExactlyOnceThroughRepeatedCrashes() throws Exception {
        Version desired = Version.parse("2.6.15");
        AtomicInteger calls = new AtomicInteger();
        // Every 5th step call dies right after the step acted, before its outcome is recorded.
        StepRunner crashAfterAct = (ctx, step) -> {
            if (calls.incrementAndGet() % 5 == 0) throw new Crash();
            return null;
        };
        UpgradeExecutor executor = restart(crashAfterAct);
        int passes = 0;
        int crashes = 0;
        Pass pass;
        while (true) {
            if (++passes > 2_000) throw new AssertionError("the upgrade never ended");
            if (passes % 7 == 0) executor = restart(crashAfterAct); // a restart between passes
            try {
                Version live = observe().version().orElse(Version.parse("0.0.0"));
                pass = executor.advance(Plans.turn(key, target, "commit-1", live, desired));
            } catch (Crash c) {
                crashes++;
                executor = restart(crashAfterAct);
                continue;
            }
            if (pass instanceof Pass.WaitFor) kubelet.tick(STEP);
            if (pass instanceof Pass.Idle || pass instanceof Pass.Halted) break;
        }
        assertThat(pass).as("ends idle: nothing left to do").isInstanceOf(Pass.Idle.class);
        assertThat(crashes).as("the test really crashed").isGreaterThan(3);

        ObservedRelease m = observe();
        assertThat(m.version()).contains(desired);
        assertThat(m.health()).isEqualTo(Health.HEALTHY);
        assertThat(m.helm().orElseThrow().chartVersion()).isEqualTo("5.0.19");
        // upgrade_milvus_cluster-helm.md v2.6.x: the meta migration's upgrade, MixCoord enabled on 2.5.16 (step 2), the 2.6 image (step 3).
        assertThat(m.helm().orElseThrow().revision()).as("install + three upgrades, none repeated").isEqualTo(4);
        assertThat(kube.client().batch().v1().jobs().inNamespace(NS).list().getItems()).as("one meta-migration Job").hasSize(1);

        // Every step of every hop is recorded done exactly once, in order.
        UpgradePath path = Plans.path(Plans.request(target, Version.parse("2.1.4"), desired));
        Map<String, Integer> done = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(tmp.resolve("audit.jsonl"))) {
            JsonNode n = json.readTree(line);
            if (n.get("event").asText().equals("step-done")) done.merge(n.get("hop").asInt() + "/" + n.get("stepIndex").asInt(), 1, Integer::sum);
        }
        int expected = path.hops().stream().mapToInt(h -> h.steps().size()).sum();
        assertThat(done).hasSize(expected);
        assertThat(done.values()).allMatch(c -> c == 1);
        assertThat(store.load(key)).as("the record is cleared when the plan ends").isEmpty();
    }

    @Test
    void aFatalFailureRollsBackAndHaltsUntilGitChanges() throws Exception {
        kubelet.failJobs(true);
        UpgradeExecutor executor = restart(null);
        Pass pass;
        int passes = 0;
        while (true) {
            if (++passes > 1_000) throw new AssertionError("never ended");
            pass = executor.advance(Plans.turn(key, target, "commit-1", observe().version().orElse(Version.parse("0.0.0")),
                    Version.parse("2.5.16")));
            if (pass instanceof Pass.WaitFor) kubelet.tick(STEP);
            if (pass instanceof Pass.Idle || pass instanceof Pass.Halted) break;
        }
        // The halted record says what went wrong (the migration Job), not the rollback's last step.
        assertThat(pass).isInstanceOfSatisfying(Pass.Halted.class, h -> assertThat(h.reason()).contains("rolled back to 2.1.4")
                .contains("JOB_FAILED").contains("to migrate the metadata"));
        assertThat(observe().version()).contains(Version.parse("2.1.4"));
        assertThat(observe().health()).isEqualTo(Health.HEALTHY);
        // Still halted on the next pass with the same commit...
        assertThat(executor.advance(Plans.turn(key, target, "commit-1", Version.parse("2.1.4"), Version.parse("2.5.16"))))
                .isInstanceOf(Pass.Halted.class);
        // ...and planning again once Git changes.
        assertThat(executor.advance(Plans.turn(key, target, "commit-2", Version.parse("2.1.4"), Version.parse("2.5.16"))))
                .isInstanceOf(Pass.Continue.class);
    }

    /**
     * Issue 18, etcd down during the backup: no upgrade starts without a complete backup, and a backup that cannot be
     * taken is no reason to stop Milvus. Before, the failed backup started the meta-migration's rollback, which
     * stopped every component and then failed for want of a backup to restore: Milvus down, the target halted.
     */
    @Test
    void aBackupThatCannotBeTakenHaltsBeforeAnythingChangesAndMilvusRunsOn() throws Exception {
        HelmDriver driver = new HelmDriver(kube.client(), helm, new EtcdMetadata(etcd.client(), Duration.ofSeconds(10), clock),
                new DirectoryBackupStore(tmp.resolve("backups")), clock, STEP);
        StepRunner etcdDownForBackups = (ctx, step) -> step instanceof Step.BackupMetadata
                ? StepOutcome.Failed.retryable(FailureReason.UNREACHABLE, "etcd at 10.0.0.7:2379 does not answer")
                : driver.execute(ctx, step);
        UpgradeExecutor executor = Plans.executor(store, etcdDownForBackups, audit, clock, Duration.ofMinutes(10), 3);
        Pass pass;
        int passes = 0;
        do {
            if (++passes > 100) throw new AssertionError("never ended");
            pass = executor.advance(Plans.turn(key, target, "commit-1", Version.parse("2.1.4"), Version.parse("2.2.13")));
            kubelet.tick(STEP);
        } while (!(pass instanceof Pass.Halted));
        assertThat(((Pass.Halted) pass).reason()).contains("stopped before the hop to 2.2.13 changed anything")
                .contains("etcd at 10.0.0.7:2379 does not answer").contains("runs 2.1.4 as before");
        assertThat(observe().version()).contains(Version.parse("2.1.4"));
        assertThat(observe().health()).as("Milvus was never stopped").isEqualTo(Health.HEALTHY);
        assertThat(Files.readString(tmp.resolve("audit.jsonl"))).contains("\"event\":\"halted\"").doesNotContain("rolled-back")
                .doesNotContain("stop-components");
        assertThat(executor.advance(Plans.turn(key, target, "commit-1", Version.parse("2.1.4"), Version.parse("2.2.13"))))
                .as("halted until Git changes").isInstanceOf(Pass.Halted.class);
    }
}
