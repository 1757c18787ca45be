package io.milvusgitops.daemon.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusgitops.daemon.testing.Plans;
import io.milvusgitops.policy.fleet.TargetKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica that lost the leadership during a step cannot move the record the new leader advances. */
class LeaderOnlyStoreTest {

    static final TargetKey KEY = new TargetKey("dev", "search");

    @TempDir
    Path dir;

    @Test
    void aFormerLeaderCanReadButNotWriteTheRecord() throws IOException {
        DirectoryStateStore files = new DirectoryStateStore(dir);
        AtomicBoolean leading = new AtomicBoolean(true);
        LeaderOnlyStore store = new LeaderOnlyStore(files, leading::get);
        UpgradeRecord first = Plans.record(StateStoreTest.SEARCH, "2.4.5", "2.5.16", 0, 3, UpgradeRecord.Phase.RUNNING);
        store.save(KEY, first);

        leading.set(false);
        UpgradeRecord stale = first.at(0, 4, UpgradeRecord.Phase.ROLLING_BACK, Optional.empty(), 0, "old leader",
                Instant.parse("2026-11-23T10:01:00Z"));
        assertThatThrownBy(() -> store.save(KEY, stale)).hasMessageContaining("not the leader");
        assertThatThrownBy(() -> store.clear(KEY)).hasMessageContaining("not the leader");
        assertThat(files.load(KEY)).contains(first);
        assertThat(store.load(KEY)).contains(first);
    }
}
