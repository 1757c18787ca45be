package io.milvusgitops.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One audit line per step of a plan, also when a restart runs the last step again (its record had not moved on). */
class AuditLogTest {

    @TempDir
    Path dir;

    static UpgradeRecord at(int step) {
        return new UpgradeRecord("p1", "c1", Version.parse("2.4.5"), Version.parse("2.5.16"), 0, step, UpgradeRecord.Phase.RUNNING,
                Version.parse("2.4.5"), Optional.empty(), 0, "", Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void aStepDoneAgainAfterARestartIsNotLoggedTwice() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog before = new AuditLog(file, Clock.systemUTC());
        before.step("dev/search", at(0), new Step.CheckHealthy(), "healthy");
        before.step("dev/search", at(1), new Step.CheckHealthy(), "healthy");
        Files.writeString(file, "{\"event\":\"step-do", java.nio.file.StandardOpenOption.APPEND); // a line torn by the crash

        AuditLog after = new AuditLog(file, Clock.systemUTC());
        after.step("dev/search", at(1), new Step.CheckHealthy(), "healthy again");
        after.step("dev/search", at(2), new Step.CheckHealthy(), "healthy");
        after.step("dev/search", at(2), new Step.CheckHealthy(), "healthy");

        List<String> all = Files.readAllLines(file);
        assertThat(all).as("the torn line stays alone on its line").contains("{\"event\":\"step-do");
        List<String> lines = all.stream().filter(l -> l.startsWith("{\"at\"") && l.contains("\"event\":\"step-done\"")).toList();
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(l).isObject()).isTrue());
        assertThat(lines).noneMatch(l -> l.contains("healthy again"));
    }
}
