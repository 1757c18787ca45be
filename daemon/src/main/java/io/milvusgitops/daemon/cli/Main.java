package io.milvusgitops.daemon.cli;

import java.io.PrintWriter;
import org.eclipse.jgit.util.FS;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code milvus-gitops} command line. Exit codes follow the habits of terraform, flux and argocd
 * (docs/cli.md): 0 success, 1 error or invalid input, 2 wrong usage, 3 a planner refusal.
 */
@Command(name = "milvus-gitops",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps every Milvus deployment at the version Git says it should run.",
        subcommands = {PathCommand.class, ValidateCommand.class, PlanCommand.class, CatalogCommand.class, StatusCommand.class, PromoteCommand.class, RunCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // JGit measures the file system's timestamp resolution on first use (seconds); in the background it costs nothing.
        FS.FileStoreAttributes.setBackground(true);
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line with the given output streams; the entry point of tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }
}
