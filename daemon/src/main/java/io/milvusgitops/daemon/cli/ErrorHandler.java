package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.safety.Redaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** An unexpected error ends a command with one clear line on stderr and exit 1, not a stack trace. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println("error: " + Redaction.url(message));
        if (Boolean.getBoolean("milvus-gitops.debug")) {
            cmd.getErr().println(Redaction.url(stackTrace(e)));
        }
        return ExitCode.ERROR;
    }

    private static String stackTrace(Exception e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
