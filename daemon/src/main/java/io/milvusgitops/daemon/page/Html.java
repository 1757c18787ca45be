package io.milvusgitops.daemon.page;

import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.time.HumanTime;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The few pieces of HTML every page writes, escaped: whatever a name holds (a fleet file, a commit
 * message, an error) is text, never markup. Every value goes through {@link #esc} or {@link #url}.
 */
final class Html {

    private Html() {
    }

    /** Text and attribute values: {@code < > & " '} escaped. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** One path segment or query value, percent-encoded (a space as %20), then escaped for the attribute it goes in. */
    static String url(String s) {
        return esc(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** The target's own page. */
    static String targetHref(TargetKey key) {
        return "/targets/" + url(key.environment()) + "/" + url(key.target());
    }

    /** A link to the target's page, its name as text. */
    static String targetLink(TargetKey key, String text) {
        return "<a href=\"" + targetHref(key) + "\">" + esc(text) + "</a>";
    }

    /**
     * An instant for a person: {@code 2026-12-04 05:22 UTC (3 min ago)}. The browser shows the time in its
     * own zone (the page's script rewrites {@code time[data-local]}); without script it stays in UTC.
     */
    static String time(Instant t, Instant now) {
        return timeOnly(t) + " <span class=\"rel\">(" + esc(HumanTime.relative(t, now)) + ")</span>";
    }

    /** The instant alone, without how long ago. */
    static String timeOnly(Instant t) {
        return "<time datetime=\"" + esc(t.toString()) + "\" data-local title=\"" + esc(HumanTime.at(t)) + "\">" + esc(HumanTime.at(t)) + "</time>";
    }

    /** The first 8 characters of a commit id, the whole id in the tooltip. */
    static String commit(String id) {
        if (id.isEmpty()) return "<span class=\"muted\">none</span>";
        return "<code class=\"commit\" title=\"" + esc(id) + "\">" + esc(id.length() > 8 ? id.substring(0, 8) : id) + "</code>";
    }

    /** A coloured label: {@code kind} is a CSS class of the badge (its colour), {@code text} what it says. */
    static String badge(String kind, String text) {
        return "<span class=\"badge " + esc(kind) + "\">" + esc(text) + "</span>";
    }
}
