package io.milvusgitops.daemon.git;

import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.verdict.DesiredCommit;
import java.time.Instant;
import java.util.Map;

/**
 * A valid desired state: the fleet of one commit, with the approvals and signature found on it, and for
 * each environment the commit that last changed its file (what set its version).
 */
public record DesiredState(String commit, Fleet fleet, DesiredCommit approvals, Verification verification, Instant appliedAt,
                           Map<String, LastChange> environmentChanges) {

    public DesiredState {
        environmentChanges = Map.copyOf(environmentChanges);
    }

    /** A desired state without the environments' history (a test's, or a fleet read from a directory). */
    public DesiredState(String commit, Fleet fleet, DesiredCommit approvals, Verification verification, Instant appliedAt) {
        this(commit, fleet, approvals, verification, appliedAt, Map.of());
    }
}
