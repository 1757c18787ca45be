package io.milvusgitops.daemon.status;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.git.DesiredState;
import io.milvusgitops.daemon.git.SourceStatus;
import io.milvusgitops.daemon.leader.Leadership;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the status API together ({@link StatusReport}) from who owns each part: the Git source, the
 * leadership, the targets' states ({@link TargetStates}), the upgrade records and the audit log.
 */
public final class StatusService {

    private static final Logger LOG = LoggerFactory.getLogger(StatusService.class);
    /** How many audit-log lines the status carries. */
    static final int HISTORY = 50;

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
    private final Optional<String> notice;
    private final Clock clock;

    public StatusService(Supplier<SourceStatus> git, Leadership leadership, String identity, TargetStates states, Records records,
                         AuditLog audit, Optional<String> notice, Clock clock) {
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
        SourceStatus s = git.get();
        Optional<DesiredState> desired = s.desired();
        StatusReport.Git g = new StatusReport.Git(s.url(), s.followed(), desired.map(DesiredState::commit).orElse(""), s.desiredStateValid(),
                s.rejected().map(r -> r.describe()), s.lastError());
        List<String> environments = desired.map(d -> d.fleet().inPromotionOrder().stream().map(Environment::name).toList()).orElse(List.of());
        return new StatusReport(clock.instant(), notice, g, new StatusReport.Leader(identity, leadership.isLeader(), leadership.leader()),
                environments, states.all(), desired.map(this::plans).orElse(List.of()), history());
    }

    /** Every target's plan that has a record, from the caches. */
    private List<StatusReport.PlanStatus> plans(DesiredState desired) {
        List<StatusReport.PlanStatus> out = new ArrayList<>();
        for (Environment e : desired.fleet().inPromotionOrder()) {
            for (Target t : e.targets()) {
                TargetKey key = TargetKey.of(e, t);
                try {
                    records.peek(t, key).ifPresent(r -> out.add(plan(key, r)));
                } catch (IOException | RuntimeException unreadable) {
                    LOG.warn("cannot read the upgrade record of {}: {}", key, Failures.describe(unreadable));
                }
            }
        }
        return out;
    }

    static StatusReport.PlanStatus plan(TargetKey key, UpgradeRecord r) {
        int steps = r.phase() == UpgradeRecord.Phase.ROLLING_BACK ? r.hop().rollback().size() : r.hop().steps().size();
        return new StatusReport.PlanStatus(key, r.planId(), r.desiredCommit(), r.planFrom().toString(), r.planTo().toString(), r.hopIndex() + 1,
                r.plan().hops().size(), r.hop().kind().id(), r.stepIndex() + 1, steps, r.phase().name(), r.message(), r.updatedAt());
    }

    private List<StatusReport.HistoryItem> history() {
        try {
            return audit.newest(HISTORY).stream().map(e -> new StatusReport.HistoryItem(e.at(), e.event().id(), e.target(), e.commit(), e.plan(),
                    e.outcome())).toList();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the audit log: {}", Failures.describe(e));
            return List.of();
        }
    }
}
