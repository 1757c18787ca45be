package io.milvusgitops.daemon.testing;

import io.milvusgitops.daemon.status.Sync;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.verdict.Objection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Target states as a pass reports them, for tests of what reads them (metrics, page, long-block watch). */
public final class Statuses {

    private Statuses() {
    }

    /**
     * {@code live} empty: the live state is unknown; else drift when it differs from {@code desired}. Each of {@code rules}
     * is an objection that waits.
     */
    public static TargetStatus of(String environment, String target, String desired, String live, String health, boolean upgrading,
                                  boolean halted, String verdict, List<String> rules, String lastPass) {
        Sync sync = live.isEmpty() ? Sync.UNKNOWN : live.equals(desired) ? Sync.SYNCED : Sync.OUT_OF_SYNC;
        return new TargetStatus(new TargetKey(environment, target), DeployMethod.HELM, desired, live.isEmpty() ? Optional.empty() : Optional.of(live),
                sync, Named.byId(Health.class, health).orElseThrow(), upgrading, halted, verdict, Optional.empty(),
                rules.stream().map(r -> Objection.waitFor(r, "held back by " + r, "")).toList(), lastPass,
                live.isEmpty() ? Optional.of("cluster unreachable") : Optional.empty(), Instant.parse("2026-11-23T17:00:00Z"));
    }

    public static TargetStatus of(String environment, String target, String desired, String live, String health, boolean upgrading,
                                  boolean halted, String verdict, List<String> rules) {
        return of(environment, target, desired, live, health, upgrading, halted, verdict, rules, "");
    }
}
