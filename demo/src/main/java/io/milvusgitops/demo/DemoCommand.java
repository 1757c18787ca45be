package io.milvusgitops.demo;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.cli.ExitCode;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.helm.NativeHelm;
import io.milvusgitops.daemon.runtime.Daemon;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.etcd.LocalEtcd;
import java.io.IOException;
import java.io.PrintWriter;
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
                "its Helm targets installed at an older Milvus in an in-process emulator. Status page at http://127.0.0.1:PORT/."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port on 127.0.0.1 (default: 8080; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--fleet", paramLabel = "DIR", description = "The fleet directory to start from (default: examples/fleet).")
    Path fleet;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The demo's Git repository and state (default: ~/.local/state/milvus-gitops/demo).")
    Path dataDir;

    @Option(names = "--start-at", paramLabel = "VERSION", description = "The Milvus release every simulated Helm target runs at first (default: 2.4.5).")
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
        out.println("  the example fleet's Operator and Compose targets are shown as unknown).");
        out.println("  simulation: one emulated API server and one real etcd per kube context; every Helm target starts at Milvus "
                + startAt + "; rollouts take " + rolloutSeconds + " s");
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
        out.println("  status page  http://127.0.0.1:" + port + "/        (environments side by side, desired vs live, why a target waits)");
        out.println("  metrics      http://127.0.0.1:" + port + "/metrics   health: /healthz /readyz   JSON: /api/v1/status");
        out.println("  fleet repo   " + repo + "   (followed every 5 s)");
        out.println("  kubectl      kubectl --kubeconfig " + kubeconfig + " --context dev-cluster get deploy,pods -n milvus -w");
        out.println("               kubectl --kubeconfig " + kubeconfig + " --context dev-cluster rollout status deploy/search-milvus-proxy -n milvus");
        out.println();
        out.println("  dev upgrades at once; staging waits for dev to soak; prod waits for its window and an approval.");
        out.println("  Commit a version bump and watch it be planned, checked and applied:");
        out.println("    cd " + repo);
        out.println("    sed -i 's/^milvusVersion: .*/milvusVersion: 2.5.16/' environments/staging.yaml");
        out.println("    git commit -qam 'staging: Milvus 2.5.16' -m 'Approved-by: alice@example.com'");
        out.println("  or promote what staging declares to prod (prod then waits for its window and an approval):");
        out.println("    bin/milvus-gitops promote --repo " + repo + " --from staging --to prod --branch main");
        out.println("  Ctrl-C stops the demo (the simulation is in memory and starts afresh next time).");
        out.println();
        out.flush();
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
