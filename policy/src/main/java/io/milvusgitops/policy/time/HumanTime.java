package io.milvusgitops.policy.time;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as people read them, the one place that spells them: {@code 2026-12-04 05:22 UTC},
 * {@code 3 min ago}, {@code in 3 h 12 min}. Everything a person reads (the terminal, the page, the
 * policy's objections, {@code plan}, {@code status}) uses it; JSON and logs keep ISO-8601 instants,
 * which programs read.
 *
 * <p>Absolute times are in UTC to the minute: a fleet spans time zones, and a fact written once (an
 * objection) is read by people in several. The page shows them again in the reader's own zone.
 */
public final class HumanTime {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private HumanTime() {
    }

    /** {@code 2026-12-04 05:22 UTC}. */
    public static String at(Instant t) {
        return MINUTE.format(t);
    }

    /** {@code 2026-12-04 05:22 UTC (3 min ago)}, {@code 2026-12-04 08:34 UTC (in 3 h 12 min)}. */
    public static String at(Instant t, Instant now) {
        return at(t) + " (" + relative(t, now) + ")";
    }

    /** {@code 3 min ago}, {@code in 3 h 12 min}, {@code now} (within a second). */
    public static String relative(Instant t, Instant now) {
        Duration d = Duration.between(now, t);
        if (d.abs().compareTo(Duration.ofSeconds(1)) < 0) return "now";
        return d.isNegative() ? duration(d.negated()) + " ago" : "in " + duration(d);
    }

    /**
     * {@code 45 s}, {@code 12 min}, {@code 3 h 12 min}, {@code 2 d 4 h}: the two largest units, rounded
     * down; a part that is zero is left out ({@code 3 h}). Seconds only below a minute.
     */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        if (days > 0) return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        if (hours > 0) return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        if (minutes > 0) return minutes + " min";
        return s + " s";
    }
}
