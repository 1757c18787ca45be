package io.milvusgitops.daemon.status;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.git.DesiredState;
import io.milvusgitops.daemon.git.LastChange;
import io.milvusgitops.daemon.git.SourceStatus;
import io.milvusgitops.daemon.leader.Leadership;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the status API together ({@link StatusReport}) from who owns each part: the Git source, the
 * leadership, the targets' states ({@link TargetStates}), the upgrade records and the audit log. The
 * parts that {@code status} on the command line also shows are static: it puts them together the same way.
 */
public final class StatusService {

    private static final Logger LOG = LoggerFactory.getLogger(StatusService.class);
    /** How many audit-log lines the status carries: enough for a history page and each target's version over time. */
    public static final int HISTORY = 200;
    /** How many audit-log lines are read for the plans' progress and the steps' typical durations. */
    static final int AUDIT_WINDOW = 5_000;

    /** A target's upgrade record as a cache holds it. */
    @FunctionalInterface
    public interface Records {
        Optional<UpgradeRecord> peek(Target target, TargetKey key) throws IOException;
    }

    private final Supplier<SourceStatus> git;
    private final Leadership leadership;
    private final String identity;
    private final TargetStates states;
    private final Records records;
    private final AuditLog audit;
    private final Supplier<Optional<String>> notice;
    private final Clock clock;

    public StatusService(Supplier<SourceStatus> git, Leadership leadership, String identity, TargetStates states, Records records,
                         AuditLog audit, Supplier<Optional<String>> notice, Clock clock) {
        this.git = git;
        this.leadership = leadership;
        this.identity = identity;
        this.states = states;
        this.records = records;
        this.audit = audit;
        this.notice = notice;
        this.clock = clock;
    }

    public StatusReport report() {
        Instant now = clock.instant();
        SourceStatus s = git.get();
        Optional<DesiredState> desired = s.desired();
        StatusReport.Git g = new StatusReport.Git(s.url(), s.followed(), desired.map(DesiredState::commit).orElse(""), s.desiredStateValid(),
                s.rejected().map(r -> r.describe()), s.lastError());
        List<AuditLog.Entry> lines = auditLines(audit);
        return new StatusReport(now, notice.get(), g, Optional.of(new StatusReport.Leader(identity, leadership.isLeader(), leadership.leader())),
                desired.map(d -> environments(d.fleet(), d.environmentChanges())).orElse(List.of()),
                desired.map(d -> inPromotionOrder(d.fleet(), states.all())).orElse(states.all()),
                desired.map(d -> plans(records(d.fleet()), lines, now)).orElse(List.of()), history(lines));
    }

    /** The pipeline: every environment in promotion order with its version and the commit that set it. */
    public static List<StatusReport.EnvironmentStatus> environments(Fleet fleet, Map<String, LastChange> changes) {
        return fleet.inPromotionOrder().stream().map(e -> new StatusReport.EnvironmentStatus(e.name(), e.promoteFrom(),
                e.milvusVersion().toString(), Optional.ofNullable(changes.get(e.name())))).toList();
    }

    /** The targets' states, environment by environment in promotion order, each environment's in the fleet's order. */
    public static List<TargetStatus> inPromotionOrder(Fleet fleet, List<TargetStatus> states) {
        Map<TargetKey, Integer> order = new HashMap<>();
        for (Environment e : fleet.inPromotionOrder()) {
            e.targets().forEach(t -> order.put(TargetKey.of(e, t), order.size()));
        }
        return states.stream().sorted(Comparator.comparing((TargetStatus t) -> order.getOrDefault(t.target(), Integer.MAX_VALUE))
                .thenComparing(TargetStatus::target)).toList();
    }

    /** Every target's plan that has a record, with its progress from the audit-log lines (newest first). */
    public static List<StatusReport.PlanStatus> plans(Map<TargetKey, UpgradeRecord> records, List<AuditLog.Entry> lines, Instant now) {
        StepDurations durations = StepDurations.from(lines);
        List<StatusReport.PlanStatus> out = new ArrayList<>();
        records.forEach((key, r) -> out.add(PlanProgress.of(key, r, lines.stream()
                .filter(e -> e.plan().equals(r.planId()) && e.target().equals(key)).toList(), durations, now)));
        return out;
    }

    /** The newest {@link #HISTORY} lines, newest first. */
    public static List<StatusReport.HistoryItem> history(List<AuditLog.Entry> lines) {
        return lines.stream().limit(HISTORY).map(e -> new StatusReport.HistoryItem(e.at(), e.event().id(), e.target(), e.commit(), e.plan(),
                e.outcome(), e.version(), e.mark().flatMap(AuditLog.Mark::type))).toList();
    }

    /** The newest lines of the audit log, newest first; none when it cannot be read (the status still answers). */
    public static List<AuditLog.Entry> auditLines(AuditLog audit) {
        try {
            return audit.newest(AUDIT_WINDOW);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the audit log: {}", Failures.describe(e));
            return List.of();
        }
    }

    /** Every target's record that a cache holds, in promotion order. */
    private Map<TargetKey, UpgradeRecord> records(Fleet fleet) {
        Map<TargetKey, UpgradeRecord> out = new LinkedHashMap<>();
        for (Environment e : fleet.inPromotionOrder()) {
            for (Target t : e.targets()) {
                TargetKey key = TargetKey.of(e, t);
                try {
                    records.peek(t, key).ifPresent(r -> out.put(key, r));
                } catch (IOException | RuntimeException unreadable) {
                    LOG.warn("cannot read the upgrade record of {}: {}", key, Failures.describe(unreadable));
                }
            }
        }
        return out;
    }
}
