package io.milvusgitops.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.git.DesiredState;
import io.milvusgitops.daemon.git.Verification;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.helm.HelmDriver;
import io.milvusgitops.daemon.helm.HelmObserver;
import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.record.DirectoryStateStore;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.daemon.testing.MutableClock;
import io.milvusgitops.daemon.testing.Plans;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.daemon.testing.ReferenceCharts;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.FleetFiles;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.verdict.DesiredCommit;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.controllers.SimulatedKubelet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Whole reconcile passes over a two-environment fleet on the emulator: dev upgrades at once, prod waits for its window. */
class FleetReconcilerTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @TempDir
    Path tmp;

    static final Map<String, String> VALUES = Map.of("cluster.enabled", "true", "mixCoordinator.enabled", "true",
            "rootCoordinator.enabled", "false", "queryCoordinator.enabled", "false", "dataCoordinator.enabled", "false");

    static String env(String name, String promoteFrom) {
        return "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: " + name + "\nmilvusVersion: 2.5.16\n"
                + (promoteFrom == null ? "" : "promoteFrom: " + promoteFrom + "\n")
                + "targets:\n  - name: search\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n"
                + "    kubernetes: {context: sim, namespace: " + name + ", release: milvus}\n";
    }

    @Test
    void devUpgradesAtOnceProdWaitsForItsWindowThenUpgrades() throws Exception {
        etcd.clear("by-dev");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z")); // a Tuesday
        try (EmulatedKube kube = new EmulatedKube()) {
            HelmClient helm = kube.helm();
            List<SimulatedKubelet> kubelets = List.of(
                    new SimulatedKubelet(kube.api(), "dev", clock, clock::advance, Duration.ofSeconds(20), etcd.client().getKVClient(), "by-dev"),
                    new SimulatedKubelet(kube.api(), "prod", clock, clock::advance, Duration.ofSeconds(20), etcd.client().getKVClient(), "by-dev"));
            for (String ns : List.of("dev", "prod")) helm.install(ns, "milvus", "zilliztech/milvus", "4.1.36", VALUES);
            for (SimulatedKubelet k : kubelets) k.settle(Duration.ofSeconds(5), 6);

            FleetResult parsed = FleetParser.parse(new FleetFiles(Map.of(
                    "fleet.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: t\n",
                    "policy.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Policy\nenvironments:\n  prod:\n    maintenanceWindows:\n"
                            + "      - {schedule: \"0 0 2 ? * SAT\", duration: 4h, timeZone: Europe/Berlin, appliesTo: all}\n",
                    "environments/dev.yaml", env("dev", null),
                    "environments/prod.yaml", env("prod", "dev"))), VersionCatalog.builtIn());
            DesiredState desired = new DesiredState("c0ffee", ((FleetResult.Valid) parsed).fleet(), new DesiredCommit("c0ffee", List.of()),
                    new Verification.NotRequired(), clock.instant());

            HelmDriver driver = new HelmDriver(kube.client(), helm, new EtcdMetadata(etcd.client(), Duration.ofSeconds(10), clock),
                    new DirectoryBackupStore(tmp.resolve("backups")), clock, Duration.ofSeconds(5));
            DirectoryStateStore store = new DirectoryStateStore(tmp.resolve("state"));
            AuditLog audit = new AuditLog(tmp.resolve("audit.jsonl"), clock);
            PrometheusMetrics metrics = new PrometheusMetrics();
            FleetReconciler reconciler = Plans.reconciler(driver, store, audit, metrics, clock, Duration.ofMinutes(10), 3);

            runUntilQuiet(reconciler, desired, kubelets);
            HelmObserver observer = new HelmObserver(kube.client());
            assertThat(observer.observe("dev", "milvus").version()).contains(Version.parse("2.5.16"));
            assertThat(observer.observe("prod", "milvus").version()).as("prod waits for Saturday").contains(Version.parse("2.4.5"));
            String scrape = metrics.scrape();
            assertThat(scrape).contains("milvus_gitops_policy_blocked{environment=\"prod\",rule=\"maintenance-window\",target=\"search\"} 1.0");
            assertThat(scrape).contains("milvus_gitops_target_drift{environment=\"dev\",target=\"search\"} 0.0");
            assertThat(scrape).contains("milvus_gitops_target_drift{environment=\"prod\",target=\"search\"} 1.0");

            clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-28T01:00:10Z"))); // inside the window
            runUntilQuiet(reconciler, desired, kubelets);
            assertThat(observer.observe("prod", "milvus").version()).contains(Version.parse("2.5.16"));
            assertThat(metrics.scrape()).contains("milvus_gitops_target_drift{environment=\"prod\",target=\"search\"} 0.0")
                    .doesNotContain("milvus_gitops_policy_blocked{");
        }
    }

    @Test
    void anImageThatNeverBecomesReadyRollsBackHaltsAndRaisesTheHaltedGauge() throws Exception {
        etcd.clear("by-dev");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        try (EmulatedKube kube = new EmulatedKube()) {
            HelmClient helm = kube.helm();
            SimulatedKubelet kubelet = new SimulatedKubelet(kube.api(), "dev", clock, clock::advance, Duration.ofSeconds(20), etcd.client().getKVClient(), "by-dev");
            helm.install("dev", "milvus", "zilliztech/milvus", "4.1.36", VALUES);
            kubelet.settle(Duration.ofSeconds(5), 6);
            kubelet.markBad("v2.5.16");
            FleetResult parsed = FleetParser.parse(new FleetFiles(Map.of(
                    "fleet.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: t\n",
                    "policy.yaml", "",
                    "environments/dev.yaml", env("dev", null))), VersionCatalog.builtIn());
            DesiredState desired = new DesiredState("bad1mage", ((FleetResult.Valid) parsed).fleet(), new DesiredCommit("bad1mage", List.of()),
                    new Verification.NotRequired(), clock.instant());
            HelmDriver driver = new HelmDriver(kube.client(), helm, new EtcdMetadata(etcd.client(), Duration.ofSeconds(10), clock),
                    new DirectoryBackupStore(tmp.resolve("backups-bad")), clock, Duration.ofSeconds(5));
            DirectoryStateStore store = new DirectoryStateStore(tmp.resolve("state-bad"));
            PrometheusMetrics metrics = new PrometheusMetrics();
            FleetReconciler reconciler = Plans.reconciler(driver, store, new AuditLog(tmp.resolve("audit-bad.jsonl"), clock), metrics, clock,
                    Duration.ofMinutes(2), 1);

            runUntilQuiet(reconciler, desired, List.of(kubelet));
            for (int i = 0; i < 60; i++) kubelet.tick(Duration.ofSeconds(5)); // the rolled-back pods become ready again
            assertThat(new HelmObserver(kube.client()).observe("dev", "milvus").version()).as("rolled back")
                    .contains(Version.parse("2.4.5"));
            assertThat(metrics.scrape())
                    .contains("milvus_gitops_upgrade_halted{environment=\"dev\",target=\"search\"} 1.0")
                    .contains("milvus_gitops_upgrade_in_progress{environment=\"dev\",target=\"search\"} 0.0")
                    .contains("milvus_gitops_step_failures_total{environment=\"dev\",reason=\"not_ready\",target=\"search\"} 1.0")
                    .contains("milvus_gitops_step_duration_seconds_count{outcome=\"failed\",step=\"wait-healthy\"} 1");
        }
    }

    /** Passes, letting the kubelets move between them, until every target is idle. */
    static void runUntilQuiet(FleetReconciler reconciler, DesiredState desired, List<SimulatedKubelet> kubelets) throws Exception {
        for (int i = 0; i < 1_000; i++) {
            Map<TargetKey, Pass> passes = reconciler.pass(desired, () -> true);
            if (passes.values().stream().allMatch(p -> p instanceof Pass.Idle || p instanceof Pass.Halted)) return;
            if (passes.values().stream().anyMatch(p -> p instanceof Pass.WaitFor)) {
                for (SimulatedKubelet k : kubelets) k.tick(Duration.ofSeconds(5));
            }
        }
        throw new AssertionError("the fleet never settled");
    }
}
