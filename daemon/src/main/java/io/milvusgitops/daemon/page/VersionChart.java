package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport.HistoryItem;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.time.HumanTime;
import io.milvusgitops.policy.version.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Each target's Milvus version over time, drawn by the server as SVG from the audit log (every line of
 * a plan says what the target runs after it) and ending at what runs now: a step up where a hop ended,
 * a step down where a rollback put the old version back. Versions are rows (ordered as versions, not
 * as text), time runs left to right in UTC. Before a target's first line in the log its version is
 * not known for sure: that part is dashed.
 */
final class VersionChart {

    /** Two drawings of the same chart: for a wide screen, and for a phone (so that its text is not shrunk to nothing). */
    private static final int WIDE = 960;
    private static final int NARROW = 380;
    private static final int LEFT = 78;
    private static final int RIGHT = 18;
    private static final int TOP = 14;
    private static final int BOTTOM = 30;
    private static final int ROW = 38;
    private static final String[] COLOURS = {"#0969da", "#1a7f37", "#8250df", "#bc4c00", "#cf222e", "#1b7c83", "#9a6700", "#6e7781"};
    private static final List<Duration> TICKS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30));

    private record Point(Instant at, String version, String event) {
    }

    private record Series(TargetKey key, List<Point> points) {
    }

    private VersionChart() {
    }

    /** The chart of {@code targets} (in this order) from {@code history} (newest first), up to {@code now}. */
    static String render(List<TargetStatus> targets, List<HistoryItem> history, Instant now) {
        List<Series> series = series(targets, history, now);
        if (series.isEmpty()) return "<p class=\"muted\" id=\"versions\">No version is known yet.</p>\n";
        List<String> versions = versions(series);
        Instant start = series.stream().map(s -> s.points().getFirst().at()).min(Comparator.naturalOrder()).orElse(now);
        start = start.isAfter(now.minus(Duration.ofHours(1))) ? now.minus(Duration.ofHours(1)) : start;
        start = start.minus(Duration.between(start, now).dividedBy(40)); // room before the first line
        StringBuilder h = new StringBuilder("<div class=\"chart\" id=\"versions\">");
        h.append(svg(series, new Frame(start, now, versions, WIDE, 6), "wide")).append(svg(series, new Frame(start, now, versions, NARROW, 3), "narrow"));
        h.append("<ul class=\"legend\">");
        for (int i = 0; i < series.size(); i++) {
            h.append("<li><i style=\"background:").append(COLOURS[i % COLOURS.length]).append("\"></i>")
                    .append(Html.targetLink(series.get(i).key(), series.get(i).key().toString())).append("</li>");
        }
        return h.append("<li class=\"muted\">&#9679; completed &nbsp;<span style=\"color:#cf222e\">&#9679;</span> rolled back or halted")
                .append(" &nbsp;&#9675; plan started &middot; times in UTC</li></ul></div>\n").toString();
    }

    private static String svg(List<Series> series, Frame f, String kind) {
        StringBuilder h = new StringBuilder("<svg class=\"").append(kind).append("\" viewBox=\"0 0 ").append(f.width()).append(' ').append(f.height())
                .append("\" role=\"img\" aria-label=\"Each target's Milvus version over time\" xmlns=\"http://www.w3.org/2000/svg\"")
                .append(" font-family=\"system-ui,sans-serif\">");
        h.append(f.grid());
        for (int i = 0; i < series.size(); i++) {
            h.append(line(series.get(i), COLOURS[i % COLOURS.length], offset(i, series.size()), f));
        }
        return h.append("</svg>").toString();
    }

    /** One series per target: its audit lines that say a version, oldest first, then what runs now. */
    private static List<Series> series(List<TargetStatus> targets, List<HistoryItem> history, Instant now) {
        Map<TargetKey, List<Point>> points = new LinkedHashMap<>();
        targets.forEach(t -> points.put(t.target(), new ArrayList<>()));
        for (HistoryItem e : history.reversed()) {
            if (!points.containsKey(e.target()) || e.version().isEmpty()) continue;
            points.get(e.target()).add(new Point(e.at(), e.version().get(), e.event()));
        }
        for (TargetStatus t : targets) {
            t.live().ifPresent(v -> points.get(t.target()).add(new Point(now, v, "now")));
        }
        return points.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(e -> new Series(e.getKey(), e.getValue())).toList();
    }

    /** Every version shown, lowest first; one that does not parse goes by its text, after the others. */
    private static List<String> versions(List<Series> series) {
        TreeSet<String> all = new TreeSet<>(Comparator.comparing((String v) -> parse(v).isEmpty()).thenComparing(v -> parse(v).orElse(null),
                Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(Comparator.naturalOrder()));
        series.forEach(s -> s.points().forEach(p -> all.add(p.version())));
        return List.copyOf(all);
    }

    private static Optional<Version> parse(String v) {
        try {
            return Optional.of(Version.parse(v));
        } catch (RuntimeException notAVersion) {
            return Optional.empty();
        }
    }

    /** Lines on the same version lie side by side, a few pixels apart, instead of hiding each other. */
    private static double offset(int i, int n) {
        double spread = Math.min(3.0, (ROW / 3.0) / Math.max(1, n));
        return (i - (n - 1) / 2.0) * spread;
    }

    private static String line(Series s, String colour, double dy, Frame f) {
        List<Point> p = s.points();
        StringBuilder h = new StringBuilder("<g class=\"series\" data-target=\"").append(esc(s.key().toString())).append("\">");
        double y0 = f.y(p.getFirst().version()) + dy;
        h.append("<path d=\"M").append(fmt(f.x(f.start()))).append(' ').append(fmt(y0)).append(" H").append(fmt(f.x(p.getFirst().at())))
                .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" stroke-dasharray=\"4 4\" opacity=\".55\"/>");
        StringBuilder d = new StringBuilder("M").append(fmt(f.x(p.getFirst().at()))).append(' ').append(fmt(y0));
        for (Point q : p.subList(1, p.size())) {
            d.append(" H").append(fmt(f.x(q.at()))).append(" V").append(fmt(f.y(q.version()) + dy));
        }
        d.append(" H").append(fmt(f.x(f.end())));
        h.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>");
        for (Point q : p) {
            String fill = switch (q.event()) {
                case "completed" -> colour;
                case "rolled-back", "halted", "step-failed" -> "#cf222e";
                case "planned" -> "#fff";
                default -> "";
            };
            if (fill.isEmpty()) continue;
            h.append("<circle cx=\"").append(fmt(f.x(q.at()))).append("\" cy=\"").append(fmt(f.y(q.version()) + dy)).append("\" r=\"4.5\" fill=\"")
                    .append(fill).append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"><title>").append(esc(s.key() + ": " + q.event()
                            + ", runs " + q.version() + ", " + HumanTime.at(q.at()))).append("</title></circle>");
        }
        return h.append("</g>").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** The chart's coordinates: time from {@code start} to {@code end} across {@code width}, one row per version, at most {@code ticks} times marked. */
    private record Frame(Instant start, Instant end, List<String> versions, int width, int ticks) {

        int height() {
            return TOP + BOTTOM + ROW * versions.size();
        }

        double x(Instant t) {
            double span = Math.max(1, Duration.between(start, end).toMillis());
            return LEFT + (width - LEFT - RIGHT) * Duration.between(start, t).toMillis() / span;
        }

        double y(String version) {
            int row = versions.size() - 1 - versions.indexOf(version);
            return TOP + ROW * row + ROW / 2.0;
        }

        String grid() {
            StringBuilder h = new StringBuilder();
            for (String v : versions) {
                double y = y(v);
                h.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(width - RIGHT).append("\" y1=\"").append(fmt(y)).append("\" y2=\"")
                        .append(fmt(y)).append("\" stroke=\"#eaeef2\"/><text x=\"").append(LEFT - 8).append("\" y=\"").append(fmt(y + 4))
                        .append("\" text-anchor=\"end\" font-size=\"12\" fill=\"#59636e\" font-family=\"ui-monospace,Menlo,Consolas,monospace\">")
                        .append(esc(v)).append("</text>");
            }
            Duration span = Duration.between(start, end);
            Duration tick = TICKS.stream().filter(t -> span.dividedBy(t) <= ticks).findFirst().orElse(TICKS.getLast());
            DateTimeFormatter label = DateTimeFormatter.ofPattern(span.compareTo(Duration.ofDays(2)) > 0 ? "MM-dd" : "HH:mm")
                    .withZone(ZoneOffset.UTC);
            long first = (start.getEpochSecond() / tick.getSeconds() + 1) * tick.getSeconds();
            double base = TOP + ROW * versions.size();
            h.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(width - RIGHT).append("\" y1=\"").append(fmt(base)).append("\" y2=\"")
                    .append(fmt(base)).append("\" stroke=\"#d1d9e0\"/>");
            for (Instant t = Instant.ofEpochSecond(first); !t.isAfter(end); t = t.plus(tick)) {
                double x = x(t);
                h.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"").append(TOP).append("\" y2=\"")
                        .append(fmt(base + 4)).append("\" stroke=\"#f0f2f4\"/><text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(base + 18))
                        .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">").append(label.format(t)).append("</text>");
            }
            return h.toString();
        }
    }
}
