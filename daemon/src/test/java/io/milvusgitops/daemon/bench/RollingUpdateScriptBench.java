package io.milvusgitops.daemon.bench;

import io.milvusgitops.daemon.helm.HelmDriver;
import io.milvusgitops.daemon.schedule.PassScheduler;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.daemon.testing.RealTimeSteps;
import io.milvusgitops.daemon.testing.RollingUpdateScript;
import io.milvusgitops.daemon.testing.RolloutMeter;
import io.milvusgitops.daemon.testing.Run;
import io.milvusgitops.daemon.testing.TwinReleases;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Hop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, run on demand ({@code bin/bench RollingUpdateScriptBench}), never in the test suite: the same 2.4.5 -> 2.5.16
 * rolling upgrade of a chart-4.1.36 cluster (separate coordinators) by Milvus's rollingUpdate.sh (real kubectl) and by
 * our Helm driver, on an emulated cluster where every Deployment rollout takes {@value #ROLLOUT_SECONDS} s. For each: the
 * wall time, the time some rollout was under way ({@link RolloutMeter}), and the tool's own time (the rest), as a share of
 * the rollout time. The driver runs twice: woken at once by a change of its Deployments, and as the daemon wakes it (the
 * scheduler's debounce of watched changes for a fleet of one target, {@link PassScheduler#debounce}).
 */
@Tag("bench")
class RollingUpdateScriptBench {

    static final int ROLLOUT_SECONDS = 2;
    static final int ROUNDS = 3;
    static final String DEBOUNCED = "by-daemon";

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @TempDir
    Path tmp;

    record Timing(String tool, Duration total, Duration rollouts, int count, List<String> steps) {
        Duration own() {
            return total.minus(rollouts);
        }

        double ownPercent() {
            return 100.0 * own().toNanos() / rollouts.toNanos();
        }
    }

    @Test
    void ourRollingHopAgainstTheScript() throws Exception {
        RollingUpdateScript script = RollingUpdateScript.locate();
        List<Timing> scriptRuns = new ArrayList<>();
        List<Timing> driverRuns = new ArrayList<>();
        List<Timing> daemonRuns = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            try (TwinReleases twins = new TwinReleases(Duration.ofSeconds(ROLLOUT_SECONDS), Duration.ofMillis(20),
                    TwinReleases.BY_SCRIPT, TwinReleases.BY_DRIVER, DEBOUNCED)) {
                twins.install("4.1.36", Map.of("cluster.enabled", "true"));
                Path home = Files.createDirectories(tmp.resolve("home-" + round));
                try (RolloutMeter meter = new RolloutMeter(twins.kube().client(), TwinReleases.BY_SCRIPT)) {
                    long t0 = System.nanoTime();
                    RollingUpdateScript.Result r = script.update(twins.kube().kubeconfig(), home, TwinReleases.BY_SCRIPT, TwinReleases.RELEASE,
                            "2.5.16", "milvusdb/milvus:v2.5.16");
                    long t = System.nanoTime() - t0;
                    if (r.exit() != 0) throw new AssertionError("rollingUpdate.sh:\n" + r.output());
                    scriptRuns.add(new Timing("rollingUpdate.sh", Duration.ofNanos(t), meter.rolloutTime(), meter.rollouts(), List.of()));
                }
                HelmDriver driver = twins.driver(etcd.client(), tmp.resolve("backups-" + round), Duration.ofSeconds(10));
                driverRuns.add(ours(twins, driver, TwinReleases.BY_DRIVER, Duration.ZERO, "Helm driver, woken at once"));
                Duration debounce = PassScheduler.debounce(1);
                daemonRuns.add(ours(twins, driver, DEBOUNCED, debounce, "Helm driver, " + debounce.toMillis() + " ms debounce"));
            }
        }
        Timing s = median(scriptRuns);
        Timing d = median(driverRuns);
        Timing p = median(daemonRuns);
        List<String> lines = new ArrayList<>();
        lines.add("2.4.5 -> 2.5.16, chart 4.1.36 cluster (separate coordinators), " + ROLLOUT_SECONDS + " s per Deployment rollout, median of "
                + ROUNDS + " rounds; machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + cpu() + ", Java "
                + Runtime.version().feature());
        lines.add(String.format("%-30s %9s %12s %9s %10s %9s %8s", "tool", "total", "rollout time", "rollouts", "own time", "own %", "ratio"));
        for (Timing t : List.of(s, d, p)) {
            lines.add(String.format("%-30s %8.2fs %11.2fs %9d %9.2fs %8.2f%% %8.3f", t.tool(), secs(t.total()), secs(t.rollouts()), t.count(),
                    secs(t.own()), t.ownPercent(), secs(t.total()) / secs(s.total())));
        }
        lines.add("");
        lines.add("each step of the median run of '" + d.tool() + "' (waits include their rollouts):");
        lines.addAll(d.steps());
        String report = String.join("\n", lines) + "\n";
        System.out.println(report);
        Files.writeString(Path.of("target/bench-rolling-update-script.txt"), report);
    }

    private Timing ours(TwinReleases twins, HelmDriver driver, String ns, Duration debounce, String name) throws Exception {
        Target target = twins.target(ns);
        Hop hop = twins.hop(driver, target, "2.4.5", "2.5.16");
        try (RolloutMeter meter = new RolloutMeter(twins.kube().client(), ns)) {
            long t0 = System.nanoTime();
            RealTimeSteps.Timed timed = RealTimeSteps.timed(twins.kube().client(), driver, target, ns, hop, hop.steps(), debounce);
            long t = System.nanoTime() - t0;
            Run run = timed.run();
            if (!run.completed(hop.steps().size())) throw new AssertionError(name + ": " + run.outcomes());
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < hop.steps().size(); i++) {
                steps.add(String.format("  %7.3fs  %s", secs(timed.took().get(i)), hop.steps().get(i).describe()));
            }
            return new Timing(name, Duration.ofNanos(t), meter.rolloutTime(), meter.rollouts(), steps);
        }
    }

    private static Timing median(List<Timing> runs) {
        List<Timing> sorted = runs.stream().sorted(Comparator.comparing(Timing::total)).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }
}
