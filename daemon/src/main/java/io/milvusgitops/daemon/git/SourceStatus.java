package io.milvusgitops.daemon.git;

import java.time.Instant;
import java.util.Optional;

/**
 * What the Git source knows, for the status API and metrics: the desired state in force, the last
 * rejected commit (until one is applied), the head last seen, and how the server has answered.
 */
public record SourceStatus(String url, String followed, Optional<DesiredState> desired, Optional<Rejection> rejected,
                           Optional<String> headSeen, Optional<Instant> lastSuccessfulPoll, Optional<Instant> lastAttempt,
                           Optional<String> lastError, int consecutiveFailures, long fetches, long historyRewrites) {

    /** A desired state is in force and the newest commit was accepted. */
    public boolean desiredStateValid() {
        return desired.isPresent() && rejected.isEmpty();
    }
}
