package io.milvusgitops.demo;

import io.milvusgitops.policy.time.HumanTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's clock: real time, moved ahead when the person running the demo asks, so that a day's soak or
 * Saturday's maintenance window pass in a minute. Only the demo has one: the page and the terminal say how far
 * ahead it runs, and the production daemon always runs on the system clock. It never goes back.
 */
final class DemoClock extends Clock {

    private final Clock real;
    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

    DemoClock(Clock real) {
        this.real = real;
    }

    @Override
    public Instant instant() {
        return real.instant().plus(ahead.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same demo time, seen in {@code zone}. */
    @Override
    public Clock withZone(ZoneId zone) {
        DemoClock self = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return self.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }
        };
    }

    /** Moves the clock to {@code when}, if that is ahead of it. */
    void moveTo(Instant when) {
        ahead.updateAndGet(a -> {
            Duration more = Duration.between(real.instant().plus(a), when);
            return more.isNegative() ? a : a.plus(more);
        });
    }

    Duration ahead() {
        return ahead.get();
    }

    /** The line the page and the terminal show: where the demo clock stands and how far ahead of real time. */
    String label() {
        Duration a = ahead();
        return a.isZero() ? "DEMO CLOCK: on real time (the demo moves it ahead when you press Enter in its terminal)"
                : "DEMO CLOCK: " + HumanTime.at(instant()) + ", " + HumanTime.duration(a) + " ahead of real time (moved by the demo; "
                + "time-based rules see this time)";
    }
}
