package io.milvusgitops.daemon.metrics;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.git.SourceStatus;
import java.time.Duration;
import java.util.List;

/**
 * What the daemon reports, behind a small interface (no-op by default; Micrometer in
 * {@link PrometheusMetrics}), so that the reconcile code does not depend on a metrics library.
 */
public interface DaemonMetrics {

    /** One target's state after a pass: Argo CD's app-info shape, state in labels. */
    record TargetState(String environment, String target, String desired, String live, boolean drift, String health,
                       boolean upgrading, boolean halted, String verdict, List<String> blockingRules) {
    }

    void target(TargetState state);

    void stepFinished(String environment, String target, String step, Duration duration, boolean ok);

    void stepFailed(String environment, String target, FailureReason reason);

    void gitSource(SourceStatus status);

    void reconcile(Duration duration);

    /**
     * Whether this replica leads (only the leader reconciles). A replica that stops leading drops its
     * per-target series: the new leader reports them, and a stale "halted" must not keep an alert on.
     */
    void leader(boolean leading);

    DaemonMetrics NONE = new DaemonMetrics() {
        public void target(TargetState state) {
        }

        public void stepFinished(String environment, String target, String step, Duration duration, boolean ok) {
        }

        public void stepFailed(String environment, String target, FailureReason reason) {
        }

        public void gitSource(SourceStatus status) {
        }

        public void reconcile(Duration duration) {
        }

        public void leader(boolean leading) {
        }
    };
}
