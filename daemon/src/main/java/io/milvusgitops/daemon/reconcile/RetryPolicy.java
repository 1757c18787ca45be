package io.milvusgitops.daemon.reconcile;

import java.time.Duration;
import java.util.Optional;

/**
 * How often and how soon a failing thing is tried again: exponential backoff from {@code initial}, capped
 * at {@code max}, for at most {@code maxRetries} retries. The policy only answers; the state (how many
 * retries so far) lives with whoever retries: the upgrade record for a step, the scheduler for a pass.
 */
public record RetryPolicy(int maxRetries, Duration initial, Duration max) {

    public RetryPolicy {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must not be negative");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the delays must be positive and max at least initial");
        }
    }

    /** A retryable step failure: 1 s, 2 s, 4 s ... up to 5 min, at most {@code maxRetries} times. */
    public static RetryPolicy steps(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    /** The delay before retry number {@code retriesSoFar + 1}; empty when no retry is left. */
    public Optional<Duration> nextDelay(int retriesSoFar) {
        if (retriesSoFar >= maxRetries) return Optional.empty();
        // Shifting a long past 62 bits overflows; the cap is reached long before.
        Duration d = initial.multipliedBy(1L << Math.min(retriesSoFar, 30));
        return Optional.of(d.compareTo(max) > 0 ? max : d);
    }
}
