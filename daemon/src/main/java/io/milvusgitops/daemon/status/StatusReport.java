package io.milvusgitops.daemon.status;

import io.milvusgitops.policy.fleet.TargetKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The status API ({@code /api/v1/status}): what the daemon knows, as typed records. The page renders
 * it, {@code status -o json} prints the same records, and one JSON spelling serves all
 * ({@code output.Json}: versions and keys as text, enums by id, empty values left out).
 *
 * @param notice       a line every reader must see first (the demo says its clusters are simulated)
 * @param environments the environments in promotion order
 */
public record StatusReport(Instant at, Optional<String> notice, Git git, Leader leader, List<String> environments,
                           List<TargetStatus> targets, List<PlanStatus> plans, List<HistoryItem> history) {

    public StatusReport {
        environments = List.copyOf(environments);
        targets = List.copyOf(targets);
        plans = List.copyOf(plans);
        history = List.copyOf(history);
    }

    /** The desired-state source. */
    public record Git(String url, String follows, String commit, boolean desiredStateValid, Optional<String> rejected,
                      Optional<String> lastError) {
    }

    /** Who acts: only the leader reconciles. */
    public record Leader(String identity, boolean leading, String leader) {
    }

    /**
     * A plan and where it stands, from the target's upgrade record: hop {@code hop} of {@code hops} (1-based),
     * step {@code step} of {@code steps} of that hop (1-based; {@code steps + 1} once the hop's steps are done).
     */
    public record PlanStatus(TargetKey target, String plan, String commit, String from, String to, int hop, int hops, String hopKind,
                             int step, int steps, String phase, String message, Instant updatedAt) {
    }

    /** One audit-log line. */
    public record HistoryItem(Instant at, String event, TargetKey target, String commit, String plan, String outcome) {
    }

    public Optional<TargetStatus> target(TargetKey key) {
        return targets.stream().filter(t -> t.target().equals(key)).findFirst();
    }

    public Optional<PlanStatus> plan(TargetKey key) {
        return plans.stream().filter(p -> p.target().equals(key)).findFirst();
    }
}
