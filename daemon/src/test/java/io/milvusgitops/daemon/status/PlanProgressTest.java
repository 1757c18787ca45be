package io.milvusgitops.daemon.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.audit.AuditEvent;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.record.UpgradeRecord.Phase;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.status.StatusReport.HopState;
import io.milvusgitops.daemon.status.StatusReport.PlanStatus;
import io.milvusgitops.daemon.status.StatusReport.StepState;
import io.milvusgitops.daemon.status.StatusReport.StepStatus;
import io.milvusgitops.daemon.testing.MutableClock;
import io.milvusgitops.daemon.testing.Plans;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a plan stands, from its record and its audit lines: every step marked, the time each took, what is left;
 * the audit lines are written by the audit log itself, as the executor writes them.
 */
class PlanProgressTest {

    static final Target SEARCH = new Target("search", DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "by-dev", false,
            new Location.HelmRelease("dev", "milvus", "search"));
    static final TargetKey KEY = new TargetKey("dev", "search");
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;
    MutableClock clock;
    AuditLog audit;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        audit = new AuditLog(dir.resolve("audit.jsonl"), clock);
    }

    /** The record at hop {@code hop}, step {@code step}, as the executor would have saved it. */
    static UpgradeRecord at(int hop, int step, Phase phase, Optional<Instant> started) {
        UpgradeRecord r = Plans.record(SEARCH, "2.4.5", "2.6.15", hop, step, phase);
        return r.at(hop, step, phase, started, 0, "", r.updatedAt());
    }

    /** Steps 0..n-1 of a hop done, each taking {@code each}. */
    void done(int hop, int n, Duration each, Phase phase) {
        for (int j = 0; j < n; j++) {
            Instant start = clock.instant();
            clock.advance(each);
            UpgradeRecord r = at(hop, j, phase, Optional.of(start));
            List<Step> steps = phase == Phase.ROLLING_BACK ? r.hop().rollback() : r.hop().steps();
            audit.stepDone(KEY, r, steps.get(j), "done");
        }
    }

    PlanStatus status(UpgradeRecord r) {
        List<AuditLog.Entry> lines = audit.newest(10_000);
        return PlanProgress.of(KEY, r, lines, StepDurations.from(lines), clock.instant());
    }

    @Test
    void aRunningPlanMarksEveryStepAndEstimatesWhatIsLeftFromTheStepsDoneSoFar() {
        audit.planned(KEY, at(0, 0, Phase.RUNNING, Optional.empty()));
        UpgradeRecord first = at(0, 0, Phase.RUNNING, Optional.empty());
        int hop1 = first.plan().hops().get(0).steps().size();
        done(0, hop1, Duration.ofSeconds(30), Phase.RUNNING);
        done(1, 2, Duration.ofSeconds(30), Phase.RUNNING);
        Instant started = clock.instant();
        clock.advance(Duration.ofSeconds(10));
        PlanStatus p = status(at(1, 2, Phase.RUNNING, Optional.of(started)));

        assertThat(p.hop()).isEqualTo(2);
        assertThat(p.step()).isEqualTo(3);
        assertThat(p.stepsDone()).isEqualTo(hop1 + 2);
        assertThat(p.startedAt()).contains(T0);
        assertThat(p.stepStartedAt()).contains(started);
        // 2.4.5 -> 2.6.15: rolling, enable-mixcoord, topology-change.
        assertThat(p.path()).extracting(StatusReport.HopStatus::state).containsExactly(HopState.DONE, HopState.RUNNING, HopState.PENDING);
        assertThat(p.path().get(0).steps()).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(StepState.DONE);
            assertThat(s.took()).contains(Duration.ofSeconds(30));
        });
        List<StepStatus> second = p.path().get(1).steps();
        assertThat(second).extracting(StepStatus::state).startsWith(StepState.DONE, StepState.DONE, StepState.RUNNING);
        assertThat(second.subList(3, second.size())).extracting(StepStatus::state).containsOnly(StepState.PENDING);
        // Every step took 30 s; the running one has run 10 s of it; the types never done before are not counted.
        StatusReport.Estimate left = p.left().orElseThrow();
        List<StepStatus> ahead = new ArrayList<>(second.subList(3, second.size()));
        p.path().subList(2, p.path().size()).forEach(h -> ahead.addAll(h.steps()));
        long timedAhead = ahead.stream().filter(s -> hasRun(p, s.type())).count();
        boolean runningTimed = hasRun(p, second.get(2).type());
        assertThat(left.left()).isEqualTo(Duration.ofSeconds((runningTimed ? 20 : 0) + 30 * timedAhead));
        assertThat(left.untimed()).isEqualTo((int) (ahead.size() + 1 - timedAhead - (runningTimed ? 1 : 0)));
        assertThat(timedAhead).as("the second hop repeats step types of the first").isPositive();
    }

    private static boolean hasRun(PlanStatus p, String type) {
        return p.path().stream().flatMap(h -> h.steps().stream()).anyMatch(s -> s.type().equals(type) && s.state() == StepState.DONE);
    }

    @Test
    void aFailedHopShowsTheFailedStepItsRollbackAndThenWhatToDo() {
        audit.planned(KEY, at(0, 0, Phase.RUNNING, Optional.empty()));
        done(0, 3, Duration.ofSeconds(5), Phase.RUNNING);
        UpgradeRecord failing = at(0, 3, Phase.RUNNING, Optional.of(clock.instant()));
        audit.stepFailed(KEY, failing, failing.hop().steps().get(3), StepOutcome.Failed.fatal(FailureReason.NOT_READY, "0 of 2 pods ready"));
        done(0, 1, Duration.ofSeconds(5), Phase.ROLLING_BACK);
        PlanStatus rolling = status(at(0, 1, Phase.ROLLING_BACK, Optional.of(clock.instant())));
        assertThat(rolling.path().get(0).state()).isEqualTo(HopState.ROLLING_BACK);
        assertThat(rolling.path().get(0).steps()).extracting(StepStatus::state).startsWith(StepState.DONE, StepState.DONE, StepState.DONE,
                StepState.FAILED);
        assertThat(rolling.path().get(0).rollback()).extracting(StepStatus::state).startsWith(StepState.DONE, StepState.RUNNING);
        assertThat(rolling.failure()).hasValueSatisfying(f -> assertThat(f).startsWith(failing.hop().steps().get(3).describe())
                .endsWith(": 0 of 2 pods ready"));
        assertThat(rolling.stepName()).contains(failing.hop().rollback().get(1).describe());
        assertThat(rolling.remedy()).isEmpty();

        UpgradeRecord back = at(0, failing.hop().rollback().size(), Phase.ROLLING_BACK, Optional.empty());
        audit.event(KEY, back, AuditEvent.ROLLED_BACK, "rolled back");
        PlanStatus halted = status(at(0, failing.hop().rollback().size(), Phase.HALTED, Optional.empty()));
        assertThat(halted.path().get(0).state()).isEqualTo(HopState.ROLLED_BACK);
        assertThat(halted.path().get(0).rollback()).extracting(StepStatus::state).containsOnly(StepState.DONE);
        assertThat(halted.path().get(1).state()).isEqualTo(HopState.PENDING);
        assertThat(halted.remedy()).hasValueSatisfying(r -> assertThat(r).contains("until Git changes"));
        assertThat(halted.left()).as("nothing runs: no estimate").isEmpty();
        assertThat(audit.newest(1).getFirst().version()).as("a rollback puts the hop's old version back").contains("2.4.5");
    }

    @Test
    void aPlanThePlanCheckHaltedStopsBeforeItsNextStep() {
        audit.planned(KEY, at(0, 0, Phase.RUNNING, Optional.empty()));
        done(0, 2, Duration.ofSeconds(5), Phase.RUNNING);
        PlanStatus p = status(at(0, 2, Phase.HALTED, Optional.empty()));
        assertThat(p.path().get(0).state()).isEqualTo(HopState.HALTED);
        assertThat(p.path().get(0).steps()).extracting(StepStatus::state).startsWith(StepState.DONE, StepState.DONE, StepState.PENDING);
        assertThat(p.path().get(0).rollback()).isEmpty();
        assertThat(p.failure()).isEmpty();
    }

    @Test
    void theAuditLinesSayWhatRunsAfterThemAndWhenEachStepStarted() {
        UpgradeRecord r = at(0, 0, Phase.RUNNING, Optional.empty());
        audit.planned(KEY, r);
        done(0, 1, Duration.ofSeconds(7), Phase.RUNNING);
        audit.event(KEY, at(r.plan().hops().size() - 1, 4, Phase.RUNNING, Optional.empty()), AuditEvent.COMPLETED, "runs 2.6.15");
        List<AuditLog.Entry> lines = audit.newest(3);
        assertThat(lines).extracting(e -> e.version().orElseThrow()).containsExactly("2.6.15", "2.4.5", "2.4.5");
        assertThat(lines.get(1).mark()).hasValueSatisfying(m -> {
            assertThat(m.type()).contains(r.hop().steps().get(0).type());
            assertThat(m.startedAt()).contains(T0);
        });
        assertThat(StepDurations.from(lines).typical(r.hop().steps().get(0).type())).contains(Duration.ofSeconds(7));
        assertThat(StepDurations.from(lines).typical("no-such-step")).isEmpty();
    }
}
