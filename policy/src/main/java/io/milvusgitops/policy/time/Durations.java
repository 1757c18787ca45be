package io.milvusgitops.policy.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Argo CD and Flux users write them: {@code 4h}, {@code 90m}, {@code 1h30m}, {@code 2d}; ISO-8601 {@code PT4H} too. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) return Optional.empty();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = SHORT.matcher(t);
        if (!m.matches()) return Optional.empty();
        try {
            Duration d = Duration.ZERO;
            if (m.group(1) != null) d = d.plusDays(Long.parseLong(m.group(1)));
            if (m.group(2) != null) d = d.plusHours(Long.parseLong(m.group(2)));
            if (m.group(3) != null) d = d.plusMinutes(Long.parseLong(m.group(3)));
            if (m.group(4) != null) d = d.plusSeconds(Long.parseLong(m.group(4)));
            return Optional.of(d);
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty(); // beyond what a duration can hold: not a duration anyone means
        }
    }

    /** {@code 1d2h}, {@code 45m}, {@code 0s}: short and exact, for messages. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        long days = s / 86_400, hours = s % 86_400 / 3_600, minutes = s % 3_600 / 60, seconds = s % 60;
        if (days > 0) sb.append(days).append('d');
        if (hours > 0) sb.append(hours).append('h');
        if (minutes > 0) sb.append(minutes).append('m');
        if (seconds > 0) sb.append(seconds).append('s');
        return sb.toString();
    }
}
