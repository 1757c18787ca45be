package io.milvusgitops.daemon.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.notify.BlockWatch;
import io.milvusgitops.daemon.testing.MutableClock;
import io.milvusgitops.daemon.testing.Statuses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The targets' states the reconciler reports reach every listener (here the long-block watch), and a lost lead makes them forget. */
class TargetStatesTest {

    @TempDir
    Path tmp;

    final MutableClock clock = new MutableClock(Instant.parse("2025-03-03T09:00:00Z"));
    final TargetStatus frozen = Statuses.of("prod", "search-prod", "2.6.15", "2.5.16", "Healthy", false, false, "wait", List.of("freeze"));

    @Test
    void everyTargetStateReachesTheWatch() throws Exception {
        TargetStates states = states();
        states.report(frozen);
        clock.advance(Duration.ofHours(1));
        states.report(frozen);
        assertThat(blockedLines()).singleElement().satisfies(l -> assertThat(l).contains("\"event\":\"blocked\"").contains("prod/search-prod"));
        assertThat(states.all()).containsExactly(frozen);
    }

    @Test
    void aLostLeadIsForgotten() throws Exception {
        TargetStates states = states();
        states.report(frozen);
        states.forget();
        assertThat(states.all()).isEmpty();
        clock.advance(Duration.ofHours(1));
        states.report(frozen);
        assertThat(blockedLines()).isEmpty();
    }

    private TargetStates states() {
        TargetStates states = new TargetStates();
        states.listen(new BlockWatch(Duration.ofHours(1), clock, new AuditLog(tmp.resolve("audit.jsonl"), clock)));
        return states;
    }

    private List<String> blockedLines() throws Exception {
        Path f = tmp.resolve("audit.jsonl");
        return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> l.contains("\"blocked\"")).toList() : List.of();
    }
}
