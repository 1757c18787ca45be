package io.milvusgitops.daemon.cli;

import picocli.CommandLine;

/** An unexpected error ends a command with one clear line on stderr and exit 1, not a stack trace. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        cmd.getErr().println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        if (Boolean.getBoolean("milvus-gitops.debug")) {
            e.printStackTrace(cmd.getErr());
        }
        return ExitCode.ERROR;
    }
}
