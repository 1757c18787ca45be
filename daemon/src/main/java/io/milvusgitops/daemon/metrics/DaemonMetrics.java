package io.milvusgitops.daemon.metrics;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.git.SourceStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import java.time.Duration;

/**
 * What the daemon measures as it works, behind a small interface (no-op by default; Micrometer in
 * {@link PrometheusMetrics}), so that the reconcile code does not depend on a metrics library. The
 * targets' states are not measured here: the metrics read them from the status ({@code TargetStates}).
 */
public interface DaemonMetrics {

    void stepFinished(TargetKey target, String step, Duration duration, boolean ok);

    void stepFailed(TargetKey target, FailureReason reason);

    /**
     * A target's turn could not be played to its end (its record or the audit log could not be written, say: a
     * full disk); the next pass tries again. Step failures are counted by {@link #stepFailed}.
     */
    void passFailed(TargetKey target);

    void gitSource(SourceStatus status);

    void reconcile(Duration duration);

    /** Whether this replica leads (only the leader reconciles). */
    void leader(boolean leading);

    DaemonMetrics NONE = new DaemonMetrics() {
        public void stepFinished(TargetKey target, String step, Duration duration, boolean ok) {
        }

        public void stepFailed(TargetKey target, FailureReason reason) {
        }

        public void passFailed(TargetKey target) {
        }

        public void gitSource(SourceStatus status) {
        }

        public void reconcile(Duration duration) {
        }

        public void leader(boolean leading) {
        }
    };
}
