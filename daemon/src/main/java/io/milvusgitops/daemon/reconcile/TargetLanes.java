package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.fleet.TargetKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane per target: a pass hands each target's step to its lane and waits for all of them, but no
 * longer than its budget. A step that takes longer (a hung API call, a big etcd backup) goes on alone;
 * its target is reported as busy, the pass ends, the other targets go on being reconciled, and the
 * late step's end asks for a new pass. A target whose lane is busy is skipped, so no target ever has
 * two steps at once.
 */
public final class TargetLanes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetLanes.class);

    private final ExecutorService lanes;
    private final Duration budget;
    private final Runnable onLateStepDone;
    private final Set<TargetKey> busy = ConcurrentHashMap.newKeySet();

    private TargetLanes(ExecutorService lanes, Duration budget, Runnable onLateStepDone) {
        this.lanes = lanes;
        this.budget = budget;
        this.onLateStepDone = onLateStepDone;
    }

    /** Steps on virtual threads, a pass waiting at most {@code budget} for them; {@code onLateStepDone} when a late one ends. */
    public static TargetLanes parallel(Duration budget, Runnable onLateStepDone) {
        return new TargetLanes(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("target-", 0).factory()), budget, onLateStepDone);
    }

    /** Every step on the caller's thread, one after the other: for tests that drive passes by hand. */
    public static TargetLanes inline() {
        return new TargetLanes(null, Duration.ZERO, () -> { });
    }

    /** Runs the work of every target (key -> step); the result of each, in the order given. */
    public Map<TargetKey, Pass> run(Map<TargetKey, Callable<Pass>> work) {
        Map<TargetKey, Pass> out = new LinkedHashMap<>();
        if (lanes == null) {
            work.forEach((key, step) -> out.put(key, call(key, step)));
            return out;
        }
        Map<TargetKey, Future<Pass>> started = new LinkedHashMap<>();
        work.forEach((key, step) -> {
            if (!busy.add(key)) {
                // Idle, not a wait: its end asks for a pass (onLateStepDone); polling every second would only cost.
                out.put(key, new Pass.Idle("a step of an earlier pass is still running"));
                return;
            }
            started.put(key, lanes.submit(() -> {
                try {
                    return call(key, step);
                } finally {
                    busy.remove(key);
                }
            }));
        });
        long deadline = System.nanoTime() + budget.toNanos();
        started.forEach((key, future) -> {
            try {
                out.put(key, future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException late) {
                // Not waited for any longer: when it ends, a new pass sees what it did.
                lanes.execute(() -> awaitThenPass(future));
                out.put(key, new Pass.Idle("a step is still running; its end asks for a pass"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.put(key, Pass.waitFor(Duration.ofSeconds(1), "interrupted"));
            } catch (ExecutionException e) {
                out.put(key, Pass.waitFor(Duration.ofSeconds(30), "error: " + e.getCause()));
            }
        });
        // Keep the order of the work, not of the answers.
        Map<TargetKey, Pass> ordered = new LinkedHashMap<>();
        work.keySet().forEach(k -> ordered.put(k, out.get(k)));
        return ordered;
    }

    private static Pass call(TargetKey key, Callable<Pass> step) {
        try {
            return step.call();
        } catch (Exception e) {
            LOG.warn("{}: {}", key, Failures.describe(e));
            return Pass.waitFor(Duration.ofSeconds(30), "error: " + e.getMessage());
        }
    }

    private void awaitThenPass(Future<Pass> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            // reported by the step itself
        }
        onLateStepDone.run();
    }

    /** Waits up to {@code max} for the steps that run; true when none is left. */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!busy.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        return busy.isEmpty();
    }

    @Override
    public void close() {
        if (lanes != null) lanes.shutdownNow();
    }
}
