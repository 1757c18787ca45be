package io.milvusgitops.daemon.record;

import io.milvusgitops.policy.fleet.TargetKey;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * An upgrade-record store that only the leader may write. A step that was running when this replica
 * lost its Lease (or etcd lock) goes on to its end, but its outcome is not recorded: the new leader
 * already advances the same record, and an old leader's write would move it back.
 */
public record LeaderOnlyStore(StateStore store, BooleanSupplier leading) implements StateStore {

    @Override
    public Optional<UpgradeRecord> load(TargetKey target) throws IOException {
        return store.load(target);
    }

    @Override
    public Optional<UpgradeRecord> peek(TargetKey target) throws IOException {
        return store.peek(target);
    }

    @Override
    public void save(TargetKey target, UpgradeRecord record) throws IOException {
        requireLeading(target);
        store.save(target, record);
    }

    @Override
    public void clear(TargetKey target) throws IOException {
        requireLeading(target);
        store.clear(target);
    }

    private void requireLeading(TargetKey target) throws IOException {
        if (!leading.getAsBoolean()) {
            throw new IOException("not the leader any more: the upgrade record of " + target + " is left to the new leader");
        }
    }
}
