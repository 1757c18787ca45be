package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.runtime.Daemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the daemon. Bad config stops it at start-up with every key to fix. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the daemon: follow Git, reconcile every target, serve /metrics, /healthz, /readyz, /api/v1/status and the webhook.",
                "Exit 1 when the config is invalid (every problem listed)."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The daemon config (docs/config.md).")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(config)) {
            spec.commandLine().getErr().println("error: " + config + " is not a file: write the daemon config (docs/config.md)");
            return ExitCode.ERROR;
        }
        var result = DaemonConfigParser.parse(config.toString(), Files.readString(config, StandardCharsets.UTF_8));
        if (result instanceof DaemonConfigParser.Result.Invalid inv) {
            spec.commandLine().getErr().println("error: " + config + " is not a valid config:");
            inv.problems().forEach(p -> spec.commandLine().getErr().println("  " + p.describe()));
            return ExitCode.ERROR;
        }
        Daemon daemon = new Daemon(((DaemonConfigParser.Result.Valid) result).config(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "shutdown"));
        daemon.start();
        stopped.await();
        return ExitCode.OK;
    }
}
