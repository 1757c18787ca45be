package io.milvusgitops.daemon.git;

import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.verdict.DesiredCommit;
import java.time.Instant;

/** A valid desired state: the fleet of one commit, with the approvals and signature found on it. */
public record DesiredState(String commit, Fleet fleet, DesiredCommit approvals, Verification verification, Instant appliedAt) {
}
