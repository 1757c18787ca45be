package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.git.GitSourceSettings;
import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.runtime.Daemon;
import io.milvusgitops.daemon.runtime.EmbeddedFleet;
import io.milvusgitops.daemon.runtime.Infrastructure;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.policy.catalog.VersionCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the daemon. With {@code --config}, as configured; without, on its embedded default:
 * the example fleet committed into a local repository, HTTP on 127.0.0.1. Bad config stops it at
 * start-up with every key to fix.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the daemon: follow Git, reconcile every target, serve /metrics, /healthz, /readyz, /api/v1/status and the webhook.",
                "Without --config it runs on its embedded default: the fleet directory (--fleet) committed into a local Git repository.",
                "Exit 1 when the config is invalid (every problem listed); with --once, 1 also when the desired state is refused."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The daemon config (docs/config.md). Without it: the embedded default.")
    Path config;

    @Option(names = "--fleet", paramLabel = "DIR", description = "Embedded default only: the fleet directory to follow (default: examples/fleet).")
    Path fleet;

    @Option(names = "--port", paramLabel = "PORT", description = "Embedded default only: the HTTP port on 127.0.0.1 (default: 8080; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded default only: state, backups and the Git cache (default: ~/.local/state/milvus-gitops).")
    Path dataDir;

    @Option(names = "--once", description = "One poll and one reconcile pass, print the status as JSON, exit.")
    boolean once;

    // For the process-level tests only (docs/cli.md): the daemon process against emulated clusters.
    @Option(names = "--clock-start", hidden = true, paramLabel = "INSTANT",
            description = "TESTS ONLY: the daemon's clock starts at INSTANT (ISO-8601) and runs at the normal rate.")
    Instant clockStart;

    @Override
    public Integer call() throws Exception {
        Optional<DaemonConfig> parsed = config == null ? embedded() : configured();
        if (parsed.isEmpty()) return ExitCode.ERROR;
        // Native Helm is not loaded here: the first Helm step loads it (a second or so, and the Go runtime's memory, that
        // neither readiness nor a fleet without a Helm step to run should wait for or carry), and every call into it gives
        // the signals back to the JVM after it (NativeHelm.afterCall).
        Clock clock = clockStart == null ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), clockStart));
        Infrastructure infra = Infrastructure.real(parsed.get(), VersionCatalog.builtIn());
        try (Daemon daemon = new Daemon(parsed.get(), clock, infra)) {
            if (once) {
                StatusReport status = daemon.once();
                spec.commandLine().getOut().println(Json.write(Json.tree(status)));
                return status.git().desiredStateValid() ? ExitCode.OK : ExitCode.ERROR;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                daemon.close();
                stopped.countDown();
            }, "shutdown"));
            daemon.start();
            spec.commandLine().getErr().println("milvus-gitops runs: http://" + parsed.get().address() + ":" + daemon.port()
                    + "/api/v1/status, /metrics; Ctrl-C stops it");
            stopped.await();
            return ExitCode.OK;
        }
    }

    private Optional<DaemonConfig> configured() throws IOException {
        return parse(config.toString(), DaemonConfigParser.read(config));
    }

    /**
     * The embedded default, built as objects: the paths given on the command line are values, never
     * pasted into a config text (a quote or a newline in {@code --data-dir} could otherwise add keys).
     */
    private Optional<DaemonConfig> embedded() throws IOException {
        Path dir = fleet != null ? fleet : Optional.ofNullable(System.getenv("MILVUS_GITOPS_HOME")).map(h -> Path.of(h, "examples", "fleet"))
                .orElse(Path.of("examples", "fleet"));
        Path data = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".local", "state", "milvus-gitops");
        if (port < 0 || port > 65535) {
            spec.commandLine().getErr().println("error: --port " + port + " is not a port: give one from 0 to 65535 (0 picks a free one)");
            return Optional.empty();
        }
        String url;
        try {
            url = EmbeddedFleet.sync(dir, data.resolve("embedded-fleet"));
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("error: cannot prepare the embedded default in --data-dir " + data + ": " + Failures.describe(e)
                    + ". Fix: give a directory the daemon can create and write");
            return Optional.empty();
        }
        spec.commandLine().getErr().println("milvus-gitops: no --config, so the embedded default: following " + dir + " (committed into " + url + ")");
        return Optional.of(DaemonConfig.defaults(GitSourceSettings.of(url, "main", data.resolve("git")), data, "127.0.0.1", port));
    }

    private Optional<DaemonConfig> parse(String name, DaemonConfigParser.Result result) {
        if (result instanceof DaemonConfigParser.Result.Invalid inv) {
            spec.commandLine().getErr().println("error: " + name + " is not a valid config:");
            inv.problems().forEach(p -> spec.commandLine().getErr().println("  " + p.describe()));
            return Optional.empty();
        }
        return Optional.of(((DaemonConfigParser.Result.Valid) result).config());
    }
}
