package io.milvusgitops.policy.rules;

import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.time.Durations;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A maintenance window in the manner of Argo CD's sync windows: it opens at every time the Quartz
 * cron {@code schedule} names (in {@code zone}) and stays open for {@code duration}. An {@code allow}
 * window lets hops start only while it is open; a {@code deny} window stops them while it is open.
 * {@code appliesTo} says which hops it governs: those that need downtime (the default) or all.
 *
 * <p>Daylight-saving time follows Quartz (tested in PolicyEngineTest): a start time that does not
 * exist on the day clocks go forward is skipped that day; one that exists twice when clocks go back
 * opens once, at the second (standard-time) occurrence.
 */
public record MaintenanceWindow(Kind kind, String schedule, Duration duration, ZoneId zone, AppliesTo appliesTo) {

    public enum Kind implements Named {
        ALLOW, DENY
    }

    public enum AppliesTo implements Named {
        DOWNTIME, ALL
    }

    /** An open window: when it opened and when it closes. */
    public record Opening(Instant start, Instant end) {
        public boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /** The problem with a cron schedule, or empty when Quartz accepts it and it fires at all. */
    public static Optional<String> checkSchedule(String schedule) {
        try {
            CronExpression c = new CronExpression(schedule);
            // 30 February, say: valid syntax, but no time ever matches (Quartz looks up to year 2299).
            if (c.getNextValidTimeAfter(new Date(0)) == null) {
                return Optional.of("it matches no time at all");
            }
            return Optional.empty();
        } catch (ParseException e) {
            String m = String.valueOf(e.getMessage()).strip();
            return Optional.of(m.endsWith(".") ? m.substring(0, m.length() - 1) : m);
        }
    }

    public static int fieldCount(String schedule) {
        return schedule.trim().split("\\s+").length;
    }

    /** The opening that contains {@code t}, if the window is open then. */
    public Optional<Opening> openingAt(Instant t) {
        // An opening containing t started after (t - duration) and not after t: the first start after
        // (t - duration) is it, if there is one. (At the instant one opening ends and the next begins, the next.)
        Optional<Instant> start = nextStartAfter(t.minus(duration));
        return start.filter(s -> !s.isAfter(t)).map(s -> new Opening(s, s.plus(duration))).filter(o -> o.contains(t));
    }

    /** The first opening that starts strictly after {@code t}. */
    public Optional<Opening> nextOpeningAfter(Instant t) {
        return nextStartAfter(t).map(s -> new Opening(s, s.plus(duration)));
    }

    private Optional<Instant> nextStartAfter(Instant t) {
        Date next = cron().getNextValidTimeAfter(Date.from(t));
        return Optional.ofNullable(next).map(Date::toInstant);
    }

    /** Quartz's CronExpression is not thread-safe: one per use. */
    private CronExpression cron() {
        try {
            CronExpression c = new CronExpression(schedule);
            c.setTimeZone(TimeZone.getTimeZone(zone));
            return c;
        } catch (ParseException e) {
            throw new IllegalStateException("schedule was validated when the policy was read: " + schedule, e);
        }
    }

    public String describe() {
        return kind.id() + " '" + schedule + "' " + Durations.format(duration) + " " + zone;
    }
}
