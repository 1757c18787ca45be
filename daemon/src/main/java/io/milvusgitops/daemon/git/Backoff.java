package io.milvusgitops.daemon.git;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to poll next after {@code failures} failures in a row: the normal interval while all is well;
 * then exponential from {@code base}, capped at {@code max}, with "equal jitter" (a random point in
 * [delay/2, delay]) so that many daemons do not hammer a recovering server in step.
 *
 * <p>Written here rather than taken from a retry library: this decides when a periodic poll runs
 * next, it does not retry one call; a library's retry executor would add a second scheduler beside
 * the poll loop's.
 */
public record Backoff(Duration interval, Duration base, Duration max) {

    public static Backoff forInterval(Duration interval) {
        return new Backoff(interval, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    public Duration next(int failures, DoubleSupplier random) {
        if (failures <= 0) {
            return interval;
        }
        double exp = base.toMillis() * Math.pow(2, Math.min(failures - 1, 30));
        double capped = Math.min(exp, max.toMillis());
        double jittered = capped / 2 + random.getAsDouble() * capped / 2;
        return Duration.ofMillis(Math.max(1, (long) jittered));
    }
}
