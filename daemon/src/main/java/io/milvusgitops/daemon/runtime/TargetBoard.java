package io.milvusgitops.daemon.runtime;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.git.SourceStatus;
import io.milvusgitops.daemon.metrics.DaemonMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** Passes every measurement on to the metrics, and keeps the latest state of each target for the status page and API. */
final class TargetBoard implements DaemonMetrics {

    private final DaemonMetrics next;
    private final Map<String, TargetState> latest = new ConcurrentSkipListMap<>();

    TargetBoard(DaemonMetrics next) {
        this.next = next;
    }

    List<TargetState> targets() {
        return List.copyOf(latest.values());
    }

    @Override
    public void target(TargetState state) {
        latest.put(state.environment() + "/" + state.target(), state);
        next.target(state);
    }

    @Override
    public void stepFinished(String environment, String target, String step, Duration duration, boolean ok) {
        next.stepFinished(environment, target, step, duration, ok);
    }

    @Override
    public void stepFailed(String environment, String target, FailureReason reason) {
        next.stepFailed(environment, target, reason);
    }

    @Override
    public void gitSource(SourceStatus status) {
        next.gitSource(status);
    }

    @Override
    public void reconcile(Duration duration) {
        next.reconcile(duration);
    }

    @Override
    public void leader(boolean leading) {
        if (!leading) latest.clear();
        next.leader(leading);
    }
}
