package io.milvusgitops.daemon.git;

import io.milvusgitops.daemon.safety.Redaction;

/** The Git server could not be reached or answered with an error; retried with backoff. The message is redacted. */
public final class GitUnavailable extends Exception {

    public GitUnavailable(String message, Throwable cause) {
        super(Redaction.url(message), null);
        // The cause is kept out of the chain on purpose: JGit messages may carry the URL with credentials.
    }
}
