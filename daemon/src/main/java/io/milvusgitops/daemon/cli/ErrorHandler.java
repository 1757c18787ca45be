package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.daemon.safety.Redaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * An unexpected error ends a command with one sentence on stderr and exit 1: what went wrong in words
 * ({@link Failures#describe}), never a Java class name or a stack trace (those only with
 * {@code -Dmilvus-gitops.debug=true}, redacted).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("error: " + Failures.describe(e));
        if (Boolean.getBoolean("milvus-gitops.debug")) {
            cmd.getErr().println(Redaction.redact(stackTrace(e)));
        }
        return ExitCode.ERROR;
    }

    private static String stackTrace(Exception e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
