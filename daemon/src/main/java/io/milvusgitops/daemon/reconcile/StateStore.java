package io.milvusgitops.daemon.reconcile;

import java.io.IOException;
import java.util.Optional;

/**
 * Where upgrade records live: beside the target (a ConfigMap for Kubernetes targets), or a directory
 * of files (Compose targets, the demo). A save is atomic: a crash leaves the old record or the new one.
 */
public interface StateStore {

    Optional<UpgradeRecord> load(String target) throws IOException;

    void save(String target, UpgradeRecord record) throws IOException;

    void clear(String target) throws IOException;
}
