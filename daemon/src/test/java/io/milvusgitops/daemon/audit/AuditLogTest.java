package io.milvusgitops.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.testing.Plans;
import io.milvusgitops.daemon.testing.SmallDisk;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One audit line per step of a plan, also when a restart runs the last step again (its record had not moved on). */
class AuditLogTest {

    @TempDir
    Path dir;

    static final Target SEARCH = new Target("search", DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "by-dev", false,
            new Location.HelmRelease("dev", "milvus", "search"));
    static final TargetKey KEY = new TargetKey("dev", "search");

    static UpgradeRecord at(int step) {
        return Plans.record(SEARCH, "2.4.5", "2.5.16", 0, step, UpgradeRecord.Phase.RUNNING);
    }

    @Test
    void aStepDoneAgainAfterARestartIsNotLoggedTwice() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog before = new AuditLog(file, Clock.systemUTC());
        before.stepDone(KEY, at(0), new Step.CheckHealthy(), "healthy");
        before.stepDone(KEY, at(1), new Step.CheckHealthy(), "healthy");
        Files.writeString(file, "{\"event\":\"step-do", StandardOpenOption.APPEND); // a line torn by the crash

        AuditLog after = new AuditLog(file, Clock.systemUTC());
        after.stepDone(KEY, at(1), new Step.CheckHealthy(), "healthy again");
        after.stepDone(KEY, at(2), new Step.CheckHealthy(), "healthy");
        after.stepDone(KEY, at(2), new Step.CheckHealthy(), "healthy");

        List<String> all = Files.readAllLines(file);
        assertThat(all).as("the torn line stays alone on its line").contains("{\"event\":\"step-do");
        List<String> lines = all.stream().filter(l -> l.startsWith("{\"at\"") && l.contains("\"event\":\"step-done\"")).toList();
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(new ObjectMapper().readTree(l).isObject()).isTrue());
        assertThat(lines).noneMatch(l -> l.contains("healthy again"));
        assertThat(after.newest(10)).as("read back newest first; the torn line is no entry").extracting(AuditLog.Entry::outcome)
                .containsExactly("healthy", "healthy", "healthy");
        assertThat(after.newest(10)).allSatisfy(e -> {
            assertThat(e.event()).isEqualTo(AuditEvent.STEP_DONE);
            assertThat(e.target()).isEqualTo(KEY);
        });
    }

    /**
     * Issue 18, the Compose crash matrix: killed between a step's failure line and the record that turns to the rollback,
     * the daemon ran the step again on restart, which failed again, and the log (and the notifications) said it failed twice.
     */
    @Test
    void aStepThatFailsAgainAfterARestartIsLoggedFailedOnce() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        StepOutcome.Failed f = StepOutcome.Failed.fatal(FailureReason.NOT_READY, "smoke test: Milvus answers GetVersion with 'v2.4.5'");
        List<String> heard = new ArrayList<>();
        new AuditLog(file, Clock.systemUTC(), e -> heard.add(e.event().id())).stepFailed(KEY, at(5), new Step.SmokeTest(Version.parse("2.5.16")), f);

        AuditLog after = new AuditLog(file, Clock.systemUTC(), e -> heard.add(e.event().id()));
        after.stepFailed(KEY, at(5), new Step.SmokeTest(Version.parse("2.5.16")), f);
        after.stepDone(KEY, at(5), new Step.SmokeTest(Version.parse("2.5.16")), "a done line is another line");

        assertThat(Files.readAllLines(file).stream().filter(l -> l.contains("\"event\":\"step-failed\"")))
                .as("one failure line for the one failure").hasSize(1);
        assertThat(heard).as("notified once").containsExactly("step-failed", "step-done");
        AuditLog rolledBack = new AuditLog(file, Clock.systemUTC());
        rolledBack.stepFailed(KEY, Plans.record(SEARCH, "2.4.5", "2.5.16", 0, 5, UpgradeRecord.Phase.ROLLING_BACK), new Step.CheckHealthy(), f);
        assertThat(Files.readAllLines(file).stream().filter(l -> l.contains("\"event\":\"step-failed\""))).as("a step of the rollback is another step")
                .hasSize(2);
    }

    /**
     * Issue 18, the data directory's disk full: a step-done line the disk refused must be written when the step, run
     * again after the space is back, is done again. Before, the step was remembered as logged although its line never
     * reached the file, and the audit log lost it for good.
     */
    @Test
    void aStepDoneLineTheFullDiskRefusedIsWrittenWhenTheStepIsDoneAgain() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("data"), 256)) {
            Path file = disk.dir().resolve("audit.jsonl");
            AuditLog log = new AuditLog(file, Clock.systemUTC());
            disk.fill(); // tmpfs hands out whole pages: the log's first line needs one, and none is left
            assertThatThrownBy(() -> log.stepDone(KEY, at(0), new Step.BackupMetadata(), "backed up 2 keys"))
                    .hasMessageContaining("cannot write the audit log");
            disk.free();
            log.stepDone(KEY, at(0), new Step.BackupMetadata(), "backed up 2 keys"); // the executor runs the step again
            log.stepDone(KEY, at(0), new Step.BackupMetadata(), "backup exists");
            assertThat(log.newest(10)).extracting(AuditLog.Entry::outcome).containsExactly("backed up 2 keys");
        }
    }
}
