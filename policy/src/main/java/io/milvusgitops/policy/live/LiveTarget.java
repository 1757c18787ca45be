package io.milvusgitops.policy.live;

import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a target runs, as observed: its version, health and since when both hold, whether an
 * upgrade is under way, the mode it runs in when known, and its upgrade history.
 */
public record LiveTarget(String environment, String target, Version version, Health health, Instant since,
                         boolean upgrading, Optional<DeployMode> mode, List<HistoryEntry> history) {

    public LiveTarget {
        history = List.copyOf(history);
    }

    public boolean healthy() {
        return health == Health.HEALTHY;
    }
}
