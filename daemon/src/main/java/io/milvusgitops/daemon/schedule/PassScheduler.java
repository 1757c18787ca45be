package io.milvusgitops.daemon.schedule;

import io.milvusgitops.daemon.reconcile.Pass;
import io.milvusgitops.daemon.reconcile.RetryPolicy;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.fleet.TargetKey;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When passes run. Passes are serialised on one thread and coalesced: a pass asked for while one is
 * queued is that pass. One is asked for on every interval, new desired state, window edge or
 * leadership gain ({@link #request()}); changes the watches see come in bursts (every status update
 * of a rollout) and are gathered into one pass ({@link #liveChanged()}, {@link #debounce}). After a pass:
 * progress asks for the next at once, a waiting step for one when it is due, and a pass that failed
 * as a whole is tried again under the {@link RetryPolicy} (the count of failures in a row is this
 * scheduler's state; the policy only says how long to wait).
 */
public final class PassScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PassScheduler.class);
    static final Duration MIN_DEBOUNCE = Duration.ofMillis(100);
    static final Duration MAX_DEBOUNCE = Duration.ofSeconds(1);
    /** Ten times what a warm pass costs per target (0.12 s per 1,000 targets, docs/benchmarks.md). */
    static final Duration DEBOUNCE_PER_TARGET = Duration.ofNanos(1_200_000);

    private final Supplier<Map<TargetKey, Pass>> pass;
    private final Duration interval;
    private final RetryPolicy retry;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reconcile");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean changeQueued = new AtomicBoolean();
    private int failuresInARow;
    /** How many targets the last pass went over: the debounce of watched changes follows it. */
    private volatile int targets;

    /** {@code pass} runs one pass (nothing, when this replica does not lead) and says what each target left to do. */
    public PassScheduler(Supplier<Map<TargetKey, Pass>> pass, Duration interval, RetryPolicy retry) {
        this.pass = pass;
        this.interval = interval;
        this.retry = retry;
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::request, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A pass as soon as the thread is free; one already queued is the same pass. */
    public void request() {
        if (!queued.compareAndSet(false, true)) return;
        try {
            thread.execute(this::run);
        } catch (RejectedExecutionException closing) {
            queued.set(false); // shutting down: a late step or a watch asked, nobody is left to pass
        }
    }

    /** A watched object changed (a rollout moved, someone scaled a component): a pass within a second. */
    public void liveChanged() {
        if (!changeQueued.compareAndSet(false, true)) return;
        after(debounce(targets), () -> {
            changeQueued.set(false);
            request();
        });
    }

    /**
     * How long a burst of watched changes is gathered into one pass: 1.2 ms per target, from a tenth of a second to a
     * second. A step waiting for a rollout is woken that soon after the rollout moves (a fixed second cost the daemon up
     * to a second per waiting step, more than the upstream script spends in kubectl), while passes driven by a stream of
     * changes take at most about a tenth of a core. The size of the fleet, not the time of the last pass, sets it: a
     * pass also waits for the steps it runs (a Helm upgrade takes a second), which says nothing of what a pass costs.
     */
    public static Duration debounce(int targets) {
        Duration scaled = DEBOUNCE_PER_TARGET.multipliedBy(Math.max(0, Math.min(targets, 1_000_000)));
        if (scaled.compareTo(MIN_DEBOUNCE) < 0) return MIN_DEBOUNCE;
        return scaled.compareTo(MAX_DEBOUNCE) > 0 ? MAX_DEBOUNCE : scaled;
    }

    private void run() {
        queued.set(false);
        Map<TargetKey, Pass> result;
        try {
            result = pass.get();
            targets = result.size();
            failuresInARow = 0;
        } catch (RuntimeException e) {
            // Past the policy's retries the interval still asks for passes; the backoff stays at its cap.
            Duration again = retry.nextDelay(failuresInARow).orElse(retry.max());
            failuresInARow++;
            LOG.error("reconcile pass failed ({} in a row), next try in {} s: {}", failuresInARow, again.toSeconds(), Failures.describe(e));
            after(again, this::request);
            return;
        }
        next(result.values()).ifPresent(d -> {
            if (d.isZero()) request();
            else after(d, this::request);
        });
    }

    /** At once after progress; else when the first waiting step is due; else at the next interval. */
    static Optional<Duration> next(Collection<Pass> passes) {
        if (passes.stream().anyMatch(p -> p instanceof Pass.Continue)) return Optional.of(Duration.ZERO);
        return passes.stream().filter(p -> p instanceof Pass.WaitFor).map(p -> ((Pass.WaitFor) p).after()).min(Duration::compareTo);
    }

    private void after(Duration d, Runnable r) {
        try {
            thread.schedule(r, d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // shutting down: no more passes
        }
    }

    /** Stops asking for passes and waits up to {@code max} for the one running. */
    public boolean stop(Duration max) throws InterruptedException {
        thread.shutdownNow();
        return thread.awaitTermination(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
