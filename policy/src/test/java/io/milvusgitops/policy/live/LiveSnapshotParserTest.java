package io.milvusgitops.policy.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.version.Version;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveSnapshotParserTest {

    @Test
    void readsTargetsWithHealthSinceModeAndHistory() {
        var r = LiveSnapshotParser.parse("live.yaml", """
                apiVersion: milvus-gitops.io/v1
                kind: LiveSnapshot
                observedAt: 2026-11-24T09:00:00Z
                environments:
                  prod:
                    search:
                      version: v2.5.12
                      health: Progressing
                      since: 2026-11-24T10:00:00+01:00
                      upgrading: true
                      mode: standalone
                      history:
                        - {at: 2026-10-01T02:00:00Z, from: 2.5.3, to: 2.5.12, outcome: rolled-back}
                """);
        assertThat(r).isInstanceOf(LiveSnapshotParser.Result.Parsed.class);
        LiveFleet fleet = ((LiveSnapshotParser.Result.Parsed) r).fleet();
        LiveTarget t = fleet.target("prod", "search").orElseThrow();
        assertThat(t.version()).isEqualTo(Version.parse("2.5.12"));
        assertThat(t.health()).isEqualTo(Health.PROGRESSING);
        assertThat(t.since()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
        assertThat(t.upgrading()).isTrue();
        assertThat(t.mode()).contains(DeployMode.STANDALONE);
        assertThat(t.history()).singleElement().satisfies(h -> assertThat(h.outcome()).isEqualTo(HistoryEntry.Outcome.ROLLED_BACK));
        assertThat(fleet.observedAt()).contains(Instant.parse("2026-11-24T09:00:00Z"));
    }

    @Test
    void reportsEveryProblemWithItsPosition() {
        var r = LiveSnapshotParser.parse("live.yaml", """
                kind: LiveSnapshot
                environments:
                  prod:
                    search: {version: latest, health: healthy, since: 2026-11-24, colour: red}
                """);
        assertThat(r).isInstanceOfSatisfying(LiveSnapshotParser.Result.Invalid.class, inv -> assertThat(inv.problems())
                .extracting(p -> p.describe())
                .anySatisfy(d -> assertThat(d).startsWith("live.yaml:4:").contains("'latest' is not a version"))
                .anySatisfy(d -> assertThat(d).contains("unknown value 'healthy' (did you mean 'Healthy'?)"))
                .anySatisfy(d -> assertThat(d).contains("'2026-11-24' is not a date-time with a time zone offset"))
                .anySatisfy(d -> assertThat(d).contains("unknown field 'colour'")));
    }
}
