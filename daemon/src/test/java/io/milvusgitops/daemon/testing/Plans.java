package io.milvusgitops.daemon.testing;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.driver.StepRunner;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.metrics.DaemonMetrics;
import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.reconcile.FleetReconciler;
import io.milvusgitops.daemon.reconcile.PlanCheck;
import io.milvusgitops.daemon.reconcile.RetryPolicy;
import io.milvusgitops.daemon.reconcile.TargetLanes;
import io.milvusgitops.daemon.reconcile.UpgradeExecutor;
import io.milvusgitops.daemon.record.StateStore;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.version.Version;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Plans and executors as the daemon makes them, for tests that drive the executor by hand: the built-in
 * catalog plans, and a turn carries the approved plan exactly as the reconciler hands it over.
 */
public final class Plans {

    private Plans() {
    }

    public static PathRequest request(Target t, Version from, Version to) {
        return PathRequest.of(from, to, t.method(), t.mode(), t.messageQueue());
    }

    public static UpgradePath path(PathRequest request) {
        return ((PathResult.Found) new UpgradePlanner(VersionCatalog.builtIn()).plan(request)).path();
    }

    /**
     * A turn as the reconciler hands it: with the plan from {@code live} to {@code desired} when {@code allowed}
     * and the planner finds one (a half-upgraded target observed at 0.0.0 gets none, as in the daemon).
     */
    public static UpgradeExecutor.Turn turn(TargetKey key, Target t, String commit, Version live, Version desired, boolean allowed) {
        Optional<UpgradeExecutor.Approved> approved = Optional.empty();
        PathRequest request = request(t, live, desired);
        if (allowed && new UpgradePlanner(VersionCatalog.builtIn()).plan(request) instanceof PathResult.Found f) {
            approved = Optional.of(new UpgradeExecutor.Approved(request, f.path()));
        }
        return new UpgradeExecutor.Turn(key, t, commit, desired, approved, VersionCatalog.builtIn());
    }

    public static UpgradeExecutor.Turn turn(TargetKey key, Target t, String commit, Version live, Version desired) {
        return turn(key, t, commit, live, desired, true);
    }

    /** The executor of the daemon, on the built-in catalog. */
    public static UpgradeExecutor executor(StateStore store, StepRunner runner, AuditLog audit, Clock clock, Duration stepTimeout, int maxRetries) {
        return executor(store, runner, PlanCheck.against(VersionCatalog.builtIn()), audit, clock, stepTimeout, maxRetries);
    }

    public static UpgradeExecutor executor(StateStore store, StepRunner runner, PlanCheck check, AuditLog audit, Clock clock, Duration stepTimeout,
                                           int maxRetries) {
        return new UpgradeExecutor(store, runner, check, audit, DaemonMetrics.NONE, clock, stepTimeout, RetryPolicy.steps(maxRetries));
    }

    /**
     * A reconciler as the daemon wires it, on one driver and one store for every target, targets one after
     * the other on the caller's thread; {@code metrics} reads the targets' states and counts steps.
     */
    public static FleetReconciler reconciler(TargetDriver driver, StateStore store, AuditLog audit, PrometheusMetrics metrics, Clock clock,
                                             Duration stepTimeout, int maxRetries) {
        TargetStates states = new TargetStates();
        states.listen(metrics);
        PlanCheck check = PlanCheck.inForce();
        return new FleetReconciler(t -> driver, t -> new UpgradeExecutor(store, driver, check, audit, metrics, clock, stepTimeout,
                RetryPolicy.steps(maxRetries)), t -> store, states, metrics, clock, TargetLanes.inline());
    }

    /** A record of a plan from {@code from} to {@code to} for {@code t}, standing at hop {@code hop}, step {@code step}. */
    public static UpgradeRecord record(Target t, String from, String to, int hop, int step, UpgradeRecord.Phase phase) {
        PathRequest request = request(t, Version.parse(from), Version.parse(to));
        return UpgradeRecord.start("p1", "c1", request, path(request), VersionCatalog.builtIn().identity().toString(),
                Instant.parse("2026-11-23T10:00:00Z"))
                .at(hop, step, phase, Optional.empty(), 0, "", Instant.parse("2026-11-23T10:00:00Z"));
    }
}
