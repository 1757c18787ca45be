package io.milvusgitops.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.git.SourceStatus;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.testing.Statuses;
import io.milvusgitops.daemon.testing.Tools;
import io.milvusgitops.policy.fleet.TargetKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusMetricsTest {

    /** The metrics read the targets' states from the status, as the daemon wires them: one status per registry. */
    private static final Map<PrometheusMetrics, TargetStates> STATES = new ConcurrentHashMap<>();

    static TargetStates states(PrometheusMetrics m) {
        return STATES.computeIfAbsent(m, k -> {
            TargetStates s = new TargetStates();
            s.listen(k);
            return s;
        });
    }

    @Test
    void exportsTargetStateInArgoShapesAndPassesPromtool(@TempDir Path tmp) throws Exception {
        PrometheusMetrics m = new PrometheusMetrics();
        states(m).report(Statuses.of("prod", "search-prod", "2.6.15", "2.5.16", "Healthy", false, false, "wait",
                List.of("maintenance-window")));
        states(m).report(Statuses.of("dev", "search-dev", "2.6.15", "2.6.15", "Healthy", false, false, "in-sync", List.of()));
        // The same target again with new state: the old label set disappears.
        states(m).report(Statuses.of("prod", "search-prod", "2.6.15", "2.6.15", "Healthy", false, false, "in-sync", List.of()));
        m.stepFinished(new TargetKey("prod", "search-prod"), "update-component", Duration.ofSeconds(42), true);
        m.stepFailed(new TargetKey("prod", "search-prod"), FailureReason.NOT_READY);
        m.gitSource(new SourceStatus("https://***@git.example.com/fleet.git", "branch main", Optional.empty(), Optional.empty(),
                Optional.of("abc"), Optional.of(Instant.parse("2026-11-24T10:00:00Z")), Optional.empty(), Optional.empty(), 0, 1, 0));
        m.reconcile(Duration.ofMillis(15));
        String scrape = m.scrape();

        assertThat(scrape).contains("milvus_gitops_target_status{desired_version=\"2.6.15\",environment=\"prod\",health_status=\"Healthy\","
                + "live_version=\"2.6.15\",sync_status=\"Synced\",target=\"search-prod\",verdict=\"in-sync\"} 1.0");
        assertThat(scrape).doesNotContain("live_version=\"2.5.16\"");
        assertThat(scrape).contains("milvus_gitops_target_drift{environment=\"dev\",target=\"search-dev\"} 0.0");
        assertThat(scrape).contains("milvus_gitops_policy_blocks_total{environment=\"prod\",rule=\"maintenance-window\",target=\"search-prod\"} 1.0");
        assertThat(scrape).contains("milvus_gitops_step_failures_total{environment=\"prod\",reason=\"not_ready\",target=\"search-prod\"} 1.0");
        assertThat(scrape).contains("milvus_gitops_git_last_sync_timestamp_seconds 1.7955144E9");
        assertThat(scrape).contains("milvus_gitops_desired_state_valid 0.0").contains("jvm_memory_used_bytes");
        assertThat(scrape).doesNotContain("git.example.com");

        Path file = tmp.resolve("scrape.txt");
        Files.writeString(file, scrape);
        String out = Tools.run(tmp, Map.of(), "/bin/sh", "-c", Tools.require("promtool", "prometheus") + " check metrics < " + file + " 2>&1; echo rc=$?");
        assertThat(out).as(out).contains("rc=0");
    }

    @Test
    void aTargetWhoseLiveStateIsUnknownIsUnobservableNotDrift() {
        PrometheusMetrics m = new PrometheusMetrics();
        states(m).report(Statuses.of("staging", "recsys", "2.6.15", "", "Unknown", false, false, "deny", List.of("live-state")));
        states(m).report(Statuses.of("prod", "search", "2.6.15", "2.5.16", "Healthy", false, false, "allow", List.of()));
        String scrape = m.scrape();
        assertThat(scrape).contains("milvus_gitops_target_unobservable{environment=\"staging\",target=\"recsys\"} 1.0")
                .contains("milvus_gitops_target_drift{environment=\"staging\",target=\"recsys\"} 0.0")
                .contains("sync_status=\"Unknown\",target=\"recsys\"");
        assertThat(scrape).contains("milvus_gitops_target_unobservable{environment=\"prod\",target=\"search\"} 0.0")
                .contains("milvus_gitops_target_drift{environment=\"prod\",target=\"search\"} 1.0");

        states(m).report(Statuses.of("staging", "recsys", "2.6.15", "2.6.15", "Healthy", false, false, "in-sync", List.of()));
        assertThat(m.scrape()).as("observed again").contains("milvus_gitops_target_unobservable{environment=\"staging\",target=\"recsys\"} 0.0");
    }

    @Test
    void aReplicaThatStopsLeadingDropsItsTargetSeries() {
        PrometheusMetrics m = new PrometheusMetrics();
        m.leader(true);
        states(m).report(Statuses.of("prod", "search-prod", "2.6.15", "2.5.16", "Degraded", false, true, "allow", List.of()));
        assertThat(m.scrape()).contains("milvus_gitops_upgrade_halted{environment=\"prod\",target=\"search-prod\"} 1.0");
        m.leader(false);
        states(m).forget();
        assertThat(m.scrape()).contains("milvus_gitops_leader 0.0").doesNotContain("milvus_gitops_upgrade_halted{")
                .doesNotContain("milvus_gitops_target_status{");
    }

    @Test
    void targetsReportedAtOnceFromTheirLanesAllKeepTheirSeries() throws Exception {
        for (int round = 0; round < 20; round++) {
            PrometheusMetrics m = new PrometheusMetrics();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> lanes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String target = "t" + i;
                lanes.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    states(m).report(Statuses.of("dev", target, "2.5.16", "2.4.5", "Healthy", false, false, "wait", List.of()));
                }));
            }
            go.countDown();
            for (Thread t : lanes) t.join();
            String scrape = m.scrape();
            for (int i = 0; i < 8; i++) {
                assertThat(scrape).as("round " + round + ": t" + i).contains("milvus_gitops_target_drift{environment=\"dev\",target=\"t" + i + "\"} 1.0");
            }
        }
    }
}
