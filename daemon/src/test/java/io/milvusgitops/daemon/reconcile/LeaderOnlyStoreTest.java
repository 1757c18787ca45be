package io.milvusgitops.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica that lost the leadership during a step cannot move the record the new leader advances. */
class LeaderOnlyStoreTest {

    @TempDir
    Path dir;

    @Test
    void aFormerLeaderCanReadButNotWriteTheRecord() throws IOException {
        DirectoryStateStore files = new DirectoryStateStore(dir);
        AtomicBoolean leading = new AtomicBoolean(true);
        LeaderOnlyStore store = new LeaderOnlyStore(files, leading::get);
        UpgradeRecord first = new UpgradeRecord("p1", "c1", Version.parse("2.4.5"), Version.parse("2.5.16"), 0, 3,
                UpgradeRecord.Phase.RUNNING, Version.parse("2.4.5"), Optional.empty(), 0, "step 3", Instant.parse("2026-11-23T10:00:00Z"));
        store.save("dev/search", first);

        leading.set(false);
        UpgradeRecord stale = new UpgradeRecord("p1", "c1", Version.parse("2.4.5"), Version.parse("2.5.16"), 0, 4,
                UpgradeRecord.Phase.ROLLING_BACK, Version.parse("2.4.5"), Optional.empty(), 0, "old leader", Instant.parse("2026-11-23T10:01:00Z"));
        assertThatThrownBy(() -> store.save("dev/search", stale)).hasMessageContaining("not the leader");
        assertThatThrownBy(() -> store.clear("dev/search")).hasMessageContaining("not the leader");
        assertThat(files.load("dev/search")).contains(first);
        assertThat(store.load("dev/search")).contains(first);
    }
}
