package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.safety.RedactingWriter;
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

    /**
     * Runs a command line with the given output streams; the entry point of tests. Both streams pass
     * through the redaction: whatever a command prints, no credential reaches the terminal.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = commandLine(out, err);
        try {
            return line.execute(args);
        } finally {
            line.getOut().flush();
            line.getErr().flush();
        }
    }

    /**
     * The command line, for a distribution that adds commands of its own (the demo adds {@code demo}). Both
     * streams pass through the redaction.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return new CommandLine(new Main())
                .setOut(new PrintWriter(new RedactingWriter(out), true))
                .setErr(new PrintWriter(new RedactingWriter(err), true))
                .setExecutionExceptionHandler(new ErrorHandler());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }
}
