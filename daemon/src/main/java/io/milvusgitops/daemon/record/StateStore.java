package io.milvusgitops.daemon.record;

import io.milvusgitops.policy.fleet.TargetKey;
import java.io.IOException;
import java.util.Optional;

/**
 * Where upgrade records live: beside the target (a ConfigMap for Kubernetes targets), or a directory
 * of files (Compose targets, the demo). A save is atomic: a crash leaves the old record or the new one.
 */
public interface StateStore {

    Optional<UpgradeRecord> load(TargetKey target) throws IOException;

    /**
     * The record as a cache may have it (a watch can lag a write by a moment): for observing and for
     * metrics, never for deciding which step runs next (the executor always {@link #load}s).
     */
    default Optional<UpgradeRecord> peek(TargetKey target) throws IOException {
        return load(target);
    }

    void save(TargetKey target, UpgradeRecord record) throws IOException;

    void clear(TargetKey target) throws IOException;
}
