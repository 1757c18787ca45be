package io.milvusgitops.daemon.git;

/** What one poll did. */
public sealed interface PollOutcome {

    /** The branch did not move: one ref advertisement, no object transfer. */
    record Unchanged(String head) implements PollOutcome {
    }

    /** A new commit became the desired state. {@code rewritten}: it does not descend from the previous one (a force push). */
    record Applied(DesiredState state, boolean rewritten) implements PollOutcome {
    }

    /** A new commit was refused; the last good state stays. */
    record Rejected(Rejection rejection) implements PollOutcome {
    }

    /** The server could not be reached or failed; retried with backoff. */
    record Unreachable(String error) implements PollOutcome {
    }
}
