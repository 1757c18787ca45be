package io.milvusgitops.policy.live;

import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a target runs, as observed: its version, health and since when both hold, whether an
 * upgrade is under way, the mode and message queue it runs with when known, its upgrade history, and
 * what else the upgrade depends on ({@link Layout}: Pulsar generation, coordinators, MinIO). The planner
 * uses what runs where the fleet file says otherwise.
 */
public record LiveTarget(String environment, String target, Version version, Health health, Instant since,
                         boolean upgrading, Optional<DeployMode> mode, List<HistoryEntry> history, Optional<MessageQueue> messageQueue,
                         Layout layout) {

    public LiveTarget {
        history = List.copyOf(history);
    }

    /** A target whose queue and layout nobody observed. */
    public LiveTarget(String environment, String target, Version version, Health health, Instant since, boolean upgrading,
                      Optional<DeployMode> mode, List<HistoryEntry> history) {
        this(environment, target, version, health, since, upgrading, mode, history, Optional.empty(), Layout.UNKNOWN);
    }

    public boolean healthy() {
        return health == Health.HEALTHY;
    }
}
