package io.milvusgitops.daemon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.metrics.DaemonMetrics;
import io.milvusgitops.daemon.metrics.DaemonMetrics.TargetState;
import io.milvusgitops.daemon.notify.BlockWatch;
import io.milvusgitops.daemon.reconcile.AuditLog;
import io.milvusgitops.daemon.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board the reconciler reports to hands every target state to the long-block watch, and a lost lead makes it forget. */
class BlockWatchBoardTest {

    @TempDir
    Path tmp;

    final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T09:00:00Z"));
    final TargetState frozen = new TargetState("prod", "search-prod", "2.6.15", "2.5.16", true, "Healthy", false, false, "wait", List.of("freeze"));

    @Test
    void everyTargetStateReachesTheWatch() throws Exception {
        TargetBoard board = board();
        board.target(frozen);
        clock.advance(Duration.ofHours(1));
        board.target(frozen);
        assertThat(blockedLines()).singleElement().satisfies(l -> assertThat(l).contains("\"event\":\"blocked\"").contains("prod/search-prod"));
    }

    @Test
    void aLostLeadIsForgotten() throws Exception {
        TargetBoard board = board();
        board.target(frozen);
        board.leader(false);
        board.leader(true);
        clock.advance(Duration.ofHours(1));
        board.target(frozen);
        assertThat(blockedLines()).isEmpty();
    }

    private TargetBoard board() {
        TargetBoard board = new TargetBoard(DaemonMetrics.NONE);
        board.watch(new BlockWatch(Duration.ofHours(1), clock, new AuditLog(tmp.resolve("audit.jsonl"), clock)));
        return board;
    }

    private List<String> blockedLines() throws Exception {
        Path f = tmp.resolve("audit.jsonl");
        return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> l.contains("\"blocked\"")).toList() : List.of();
    }
}
