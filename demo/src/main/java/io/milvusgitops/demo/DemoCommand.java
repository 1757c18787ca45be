package io.milvusgitops.demo;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.cli.ExitCode;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.helm.NativeHelm;
import io.milvusgitops.daemon.runtime.Daemon;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.time.HumanTime;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.etcd.LocalEtcd;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the real daemon on a SIMULATED Kubernetes. The example fleet is committed into a local
 * Git repository the daemon follows; every Helm target of it runs, at first, an older Milvus in an
 * in-process emulator (an in-memory Kubernetes API server kubectl and native Helm work against, a simulated
 * kubelet, the real chart archives, a real etcd). The daemon plans, checks policy and upgrades exactly as it
 * would a real cluster.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the daemon on a SIMULATED Kubernetes (no cluster needed): the example fleet in a local Git repository,",
                "its Helm and Operator targets at an older Milvus in an in-process emulator, time rules on a demo clock (Enter moves it).",
                "Status page at http://127.0.0.1:PORT/."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port on 127.0.0.1 (default: 8080; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--fleet", paramLabel = "DIR", description = "The fleet directory to start from (default: examples/fleet).")
    Path fleet;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The demo's Git repository and state (default: ~/.local/state/milvus-gitops/demo).")
    Path dataDir;

    @Option(names = "--start-at", paramLabel = "VERSION", description = "The Milvus release every simulated Helm and Operator target runs at first (default: 2.4.5).")
    String startAt = "2.4.5";

    @Option(names = "--rollout", paramLabel = "SECONDS", description = "How long a simulated rollout takes (default: 8).")
    int rolloutSeconds = 8;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Libraries that log through java.util.logging: the demo shows what the daemon does, not their chatter.
        Logger.getLogger("").setLevel(Level.WARNING);
        if (LocalEtcd.binary().isEmpty()) {
            err.println("error: " + LocalEtcd.HOW_TO_GET + " (the simulated clusters keep Milvus's metadata in a real etcd)");
            return ExitCode.ERROR;
        }
        Path home = home();
        Path data = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".local", "state", "milvus-gitops", "demo");
        NativeHelm.loadKeepingJvmSignals(); // before the simulation renders a chart: see NativeHelm
        out.println("milvus-gitops demo: the real daemon on a SIMULATED Kubernetes (no real cluster and no Docker host is touched;");
        out.println("  the example fleet's Compose target needs a Docker host and says so).");
        out.println("  simulation: one emulated API server, a simulated Milvus Operator and one real etcd per kube context; every Helm and");
        out.println("  Operator target starts at Milvus " + startAt + "; rollouts take " + rolloutSeconds + " s");
        out.flush();
        Demo.Settings settings = new Demo.Settings(fleet != null ? fleet : home.resolve("examples/fleet"), home.resolve("examples/charts"), data,
                port, Version.parse(startAt), Duration.ofSeconds(rolloutSeconds), Duration.ofSeconds(5),
                Duration.ofSeconds(Math.max(1, rolloutSeconds / 2)));
        Demo demo;
        try {
            demo = Demo.start(settings);
        } catch (IOException | HelmClient.HelmException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.ERROR;
        }
        try (demo) {
            Daemon daemon = demo.daemon();
            daemon.onAudit(e -> printAudit(out, e));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                demo.close();
                stopped.countDown();
            }, "shutdown"));
            guide(out, daemon.port(), demo.repository(), demo.clusters().kubeconfig());
            Thread enter = new Thread(() -> moveClockOnEnter(demo, out), "demo-clock");
            enter.setDaemon(true);
            enter.start();
            Map<TargetKey, String> shown = new HashMap<>();
            while (!stopped.await(2, TimeUnit.SECONDS)) {
                printChanges(out, daemon.status(), shown);
            }
        }
        return ExitCode.OK;
    }

    /** The checkout: bin/milvus-gitops exports it; else the directory (or its parent) that holds examples/. */
    private static Path home() {
        return Optional.ofNullable(System.getenv("MILVUS_GITOPS_HOME")).map(Path::of)
                .or(() -> Stream.of(Path.of("."), Path.of("..")).filter(p -> Files.isDirectory(p.resolve("examples/charts"))).findFirst())
                .orElse(Path.of("."));
    }

    private static void guide(PrintWriter out, int port, Path repo, Path kubeconfig) {
        out.println();
        out.println("  status page  http://127.0.0.1:" + port + "/        (the pipeline dev -> staging -> prod, each target, why it waits, history)");
        out.println("  metrics      http://127.0.0.1:" + port + "/metrics   health: /healthz /readyz   JSON: /api/v1/status");
        out.println("  fleet repo   " + repo + "   (followed every 5 s)");
        out.println("  kubectl      kubectl --kubeconfig " + kubeconfig + " --context dev-cluster get deploy,pods -n milvus -w");
        out.println("               kubectl --kubeconfig " + kubeconfig + " --context staging-cluster get milvus -A");
        out.println();
        out.println("  Time-based rules (soak, maintenance windows) run on a DEMO CLOCK, labelled on the page: press Enter here to move");
        out.println("  it to the next time a target waits for (never while an upgrade runs). The whole promotion:");
        out.println("    1. dev upgrades at once (watch the page). staging waits for dev to run the version healthy for 24 h.");
        out.println("    2. press Enter when dev is done: the soak passes, and (Enter again) staging's window opens; staging upgrades.");
        out.println("    3. promote staging's version to prod and approve it (prod needs an Approved-by of a listed person):");
        out.println("         bin/milvus-gitops promote --repo " + repo + " --from staging --to prod --branch main");
        out.println("         git -C " + repo + " commit --allow-empty -qm 'prod: approved' -m 'Approved-by: alice@example.com'");
        out.println("    4. press Enter when staging is done (and again while prod waits): staging's 72 h soak and prod's Saturday window");
        out.println("       pass; the canary search-prod goes first, then recsys-prod.");
        out.println("  Ctrl-C stops the demo (the simulation is in memory and starts afresh next time).");
        out.println();
        out.flush();
    }

    /** Each line typed in the demo's terminal moves the demo clock, and says what it did. */
    private static void moveClockOnEnter(Demo demo, PrintWriter out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            while (in.readLine() != null) {
                switch (demo.moveClock()) {
                    case Demo.ClockMove.Moved m -> out.println("  [demo clock] moved to " + HumanTime.at(m.to()) + " (" + HumanTime.duration(m.ahead())
                            + " ahead of real time), when " + String.join(", ", m.targets()) + " waited for");
                    case Demo.ClockMove.NotNow n -> out.println("  [demo clock] not moved: " + n.why());
                }
                out.flush();
            }
        } catch (IOException e) {
            // the terminal went away: the demo runs on, on the clock it has
        }
    }

    private static void printAudit(PrintWriter out, AuditLog.Entry e) {
        out.printf("  [%s] %-14s %s%n", e.target(), e.event(), e.outcome());
        out.flush();
    }

    /** One line per target whose state changed since the last look: what the daemon does, and why it waits. */
    private static void printChanges(PrintWriter out, StatusReport status, Map<TargetKey, String> shown) {
        for (TargetStatus t : status.targets()) {
            if (!t.lastPass().equals(shown.put(t.target(), t.lastPass()))) out.printf("  [%s] %s%n", t.target(), t.lastPass());
        }
        out.flush();
    }
}
