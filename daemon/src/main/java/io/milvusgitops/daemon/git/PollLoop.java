package io.milvusgitops.daemon.git;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the Git source forever: on its interval, at once when a webhook {@link #trigger()}s it, and
 * with backoff and jitter while the server fails. Triggers that arrive while a poll runs, or before
 * the next one starts, are coalesced into that one poll: a burst of webhooks costs one fetch.
 */
public final class PollLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    private final GitSource source;
    private final Backoff backoff;
    private final Consumer<PollOutcome> listener;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "git-poll");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean triggered = new AtomicBoolean();
    /** Guarded by this: a poll is running; a trigger then only marks {@link #triggered}, the running poll reschedules. */
    private boolean running;
    private final AtomicLong polls = new AtomicLong();
    private ScheduledFuture<?> next;

    public PollLoop(GitSource source, Backoff backoff, Consumer<PollOutcome> listener) {
        this.source = source;
        this.backoff = backoff;
        this.listener = listener;
    }

    public synchronized void start() {
        schedule(Duration.ZERO);
    }

    /** Ask for a poll now. Idempotent until the poll starts. */
    public void trigger() {
        if (triggered.compareAndSet(false, true)) {
            synchronized (this) {
                // A waiting poll is brought forward; a running one sees the flag when it ends.
                if (!running && next != null && next.cancel(false)) {
                    schedule(Duration.ZERO);
                }
            }
        }
    }

    public long polls() {
        return polls.get();
    }

    private synchronized void schedule(Duration delay) {
        if (executor.isShutdown()) return;
        next = executor.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        synchronized (this) {
            running = true;
        }
        triggered.set(false);
        try {
            PollOutcome outcome = source.poll();
            polls.incrementAndGet();
            listener.accept(outcome);
        } catch (Throwable e) {
            // Nothing a poll or its listener does may end the loop: log, and poll again on schedule.
            LOG.error("poll failed unexpectedly", e);
        } finally {
            synchronized (this) {
                running = false;
                Duration delay = triggered.get() ? Duration.ZERO
                        : backoff.next(source.status().consecutiveFailures(), ThreadLocalRandom.current()::nextDouble);
                schedule(delay);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
