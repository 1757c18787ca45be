package io.milvusgitops.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.git.SourceStatus;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Prometheus metrics (docs/metrics.md), in the shapes Argo CD users alert on:
 * {@code milvus_gitops_target_status} is 1 per target with its state in labels
 * ({@code sync_status="OutOfSync"}), beside plain gauges for {@code for:} alerts and counters and
 * histograms for steps, failures, policy blocks and passes. Never a secret in a label: versions,
 * names and reasons only.
 */
public final class PrometheusMetrics implements DaemonMetrics, TargetStates.Listener {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge info;
    private final MultiGauge drift;
    private final MultiGauge unobservable;
    private final MultiGauge upgrading;
    private final MultiGauge blocked;
    private final MultiGauge halted;
    private final AtomicReference<SourceStatus> git = new AtomicReference<>();
    private final AtomicBoolean leading = new AtomicBoolean();

    public PrometheusMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        // No ProcessorMetrics: its system_cpu_count and process_cpu_time_ns fail `promtool check metrics`.
        info = MultiGauge.builder("milvus_gitops_target_status").description("One per target, its state in labels").register(registry);
        drift = MultiGauge.builder("milvus_gitops_target_drift").description("1 while the live version differs from Git's (or the target is missing)")
                .register(registry);
        // Unknown is not drift: a cluster that does not answer says nothing about the version it runs.
        unobservable = MultiGauge.builder("milvus_gitops_target_unobservable")
                .description("1 while the target's live state cannot be read (its cluster or Docker host does not answer)").register(registry);
        upgrading = MultiGauge.builder("milvus_gitops_upgrade_in_progress").description("1 while a plan executes on the target").register(registry);
        halted = MultiGauge.builder("milvus_gitops_upgrade_halted")
                .description("1 while the target's upgrade is stopped after a failure (rolled back, or the rollback failed)").register(registry);
        blocked = MultiGauge.builder("milvus_gitops_policy_blocked").description("1 while the rule holds the target's plan back")
                .register(registry);
        Gauge.builder("milvus_gitops_desired_state_valid", git, g -> g.get() == null ? 0 : (g.get().desiredStateValid() ? 1 : 0))
                .description("1 while the newest commit is the desired state in force; 0 while it is refused").register(registry);
        Gauge.builder("milvus_gitops_git_last_sync_timestamp_seconds", git,
                g -> g.get() == null ? 0 : g.get().lastSuccessfulPoll().map(t -> t.getEpochSecond()).orElse(0L))
                .description("When the Git server last answered a poll").register(registry);
        Gauge.builder("milvus_gitops_git_consecutive_failures", git, g -> g.get() == null ? 0 : g.get().consecutiveFailures())
                .description("Polls in a row the Git server did not answer").register(registry);
        Gauge.builder("milvus_gitops_leader", leading, l -> l.get() ? 1 : 0)
                .description("1 while this replica leads and reconciles; 0 while it only observes").register(registry);
        Gauge.builder("milvus_gitops_git_history_rewrites", git, g -> g.get() == null ? 0 : g.get().historyRewrites())
                .description("Force pushes seen since the start").register(registry);
    }

    /**
     * The per-target series, redrawn from every target's state: the status owns the states, the metrics
     * read them. Rows of targets no longer reported go away with the redraw. One redraw at a time: targets report
     * from their own lanes at once, and two interleaved redraws of a MultiGauge left two series with the same labels,
     * which fails the whole scrape (found by WorldFaultsTest).
     */
    @Override
    public synchronized void changed(TargetStatus changed, Collection<TargetStatus> all) {
        List<MultiGauge.Row<?>> infoRows = new ArrayList<>();
        List<MultiGauge.Row<?>> driftRows = new ArrayList<>();
        List<MultiGauge.Row<?>> unobservableRows = new ArrayList<>();
        List<MultiGauge.Row<?>> upgradingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> blockedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> haltedRows = new ArrayList<>();
        for (TargetStatus t : all) {
            Tags id = Tags.of("environment", t.target().environment(), "target", t.target().target());
            infoRows.add(MultiGauge.Row.of(id.and("desired_version", t.desired(), "live_version", t.live().orElse(""),
                    "sync_status", t.sync().label(), "health_status", t.health().id(), "verdict", t.verdict()), 1));
            driftRows.add(MultiGauge.Row.of(id, t.drift() ? 1 : 0));
            unobservableRows.add(MultiGauge.Row.of(id, t.unobservable() ? 1 : 0));
            upgradingRows.add(MultiGauge.Row.of(id, t.upgrading() ? 1 : 0));
            haltedRows.add(MultiGauge.Row.of(id, t.halted() ? 1 : 0));
            for (String rule : t.blockingRules()) {
                blockedRows.add(MultiGauge.Row.of(id.and("rule", rule), 1));
            }
        }
        info.register(infoRows, true);
        drift.register(driftRows, true);
        unobservable.register(unobservableRows, true);
        upgrading.register(upgradingRows, true);
        blocked.register(blockedRows, true);
        halted.register(haltedRows, true);
        for (String rule : changed.blockingRules()) {
            Counter.builder("milvus_gitops_policy_blocks").description("Passes in which a rule held a plan back")
                    .tags("environment", changed.target().environment(), "target", changed.target().target(), "rule", rule).register(registry).increment();
        }
    }

    /** The replica stopped leading: the new leader reports the targets, and a stale "halted" must not keep an alert on. */
    @Override
    public void forgotten() {
        info.register(List.of(), true);
        drift.register(List.of(), true);
        unobservable.register(List.of(), true);
        upgrading.register(List.of(), true);
        halted.register(List.of(), true);
        blocked.register(List.of(), true);
    }

    @Override
    public void stepFinished(TargetKey target, String step, Duration duration, boolean ok) {
        Timer.builder("milvus_gitops_step_duration").description("How long upgrade steps take, from start to outcome")
                .tags("step", step, "outcome", ok ? "done" : "failed").publishPercentileHistogram().register(registry).record(duration);
    }

    @Override
    public void stepFailed(TargetKey target, FailureReason reason) {
        Counter.builder("milvus_gitops_step_failures").description("Failed upgrade steps by reason")
                .tags("environment", target.environment(), "target", target.target(), "reason", reason.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    @Override
    public void passFailed(TargetKey target) {
        Counter.builder("milvus_gitops_pass_errors").description("Turns of a target that ended in an error (record, audit log or cluster unwritable)")
                .tags("environment", target.environment(), "target", target.target()).register(registry).increment();
    }

    /** Every audit-log line, counted by event: upgrades started, completed, rolled back, halted. */
    public void audited(AuditLog.Entry e) {
        Counter.builder("milvus_gitops_upgrade_events").description("Audit-log events by kind")
                .tags("environment", e.target().environment(), "target", e.target().target(), "event", e.event().id()).register(registry).increment();
    }

    @Override
    public void gitSource(SourceStatus status) {
        git.set(status);
    }

    @Override
    public void leader(boolean leading) {
        this.leading.set(leading);
    }

    @Override
    public void reconcile(Duration duration) {
        Timer.builder("milvus_gitops_reconcile").description("Reconcile passes").publishPercentileHistogram().register(registry).record(duration);
    }

    /** The text a Prometheus scrape of /metrics gets. */
    public String scrape() {
        return registry.scrape();
    }
}
