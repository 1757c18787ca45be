package io.milvusgitops.daemon.git;

import java.time.Instant;

/** The last commit that changed a file: its id, when it was committed, by whom, and the first line of its message. */
public record LastChange(String commit, Instant at, String author, String subject) {
}
