package io.milvusgitops.daemon.runtime;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.git.SourceStatus;
import io.milvusgitops.daemon.metrics.DaemonMetrics;
import io.milvusgitops.daemon.notify.BlockWatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Passes every measurement on to the metrics, keeps the latest state of each target for the status page
 * and API, and shows each state to the long-block watch.
 */
final class TargetBoard implements DaemonMetrics {

    private final DaemonMetrics next;
    private final Map<String, TargetState> latest = new ConcurrentSkipListMap<>();
    /** Set once the audit log it writes to exists; null before. */
    private volatile BlockWatch blocks;

    TargetBoard(DaemonMetrics next) {
        this.next = next;
    }

    void watch(BlockWatch blocks) {
        this.blocks = blocks;
    }

    List<TargetState> targets() {
        return List.copyOf(latest.values());
    }

    @Override
    public void target(TargetState state) {
        latest.put(state.environment() + "/" + state.target(), state);
        next.target(state);
        BlockWatch b = blocks;
        if (b != null) b.observe(state);
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
        if (!leading) {
            latest.clear();
            BlockWatch b = blocks;
            if (b != null) b.forget();
        }
        next.leader(leading);
    }
}
