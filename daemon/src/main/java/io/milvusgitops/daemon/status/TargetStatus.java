package io.milvusgitops.daemon.status;

import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.Health;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One target after a pass, as the status API, the page, the metrics and the long-block watch see it:
 * what Git asks, what runs, whether they agree, the health, whether a plan runs or is halted, the
 * policy's verdict with the rules that hold it back, and what the last pass did.
 *
 * @param verdict   {@code allow}, {@code wait}, {@code deny}, {@code approval}, or {@code in-sync} without drift
 * @param unobserved why the live state is unknown, when it is
 */
public record TargetStatus(TargetKey target, String desired, Optional<String> live, Sync sync, Health health, boolean upgrading,
                           boolean halted, String verdict, List<String> blockingRules, String lastPass, Optional<String> unobserved,
                           Instant at) {

    public TargetStatus {
        blockingRules = List.copyOf(blockingRules);
    }

    public boolean drift() {
        return sync == Sync.OUT_OF_SYNC;
    }
}
