package io.milvusgitops.daemon.cli;

/** The exit codes of every command, in one place. */
public final class ExitCode {

    public static final int OK = 0;
    /** An error, or input that is not valid (validate). */
    public static final int ERROR = 1;
    /** Wrong usage (picocli's default for parameter errors). */
    public static final int USAGE = 2;
    /** The planner refused: downgrade, unknown version, unsupported combination. */
    public static final int REFUSED = 3;

    private ExitCode() {
    }
}
