package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport.HistoryItem;
import java.time.Instant;
import java.util.List;

/** The audit log as a table for people: time (and how long ago), target, event, outcome, commit; newest first. */
final class HistoryTable {

    private HistoryTable() {
    }

    static String render(List<HistoryItem> items, Instant now, String empty) {
        if (items.isEmpty()) return "<p class=\"muted\" id=\"history\">" + esc(empty) + "</p>\n";
        StringBuilder h = new StringBuilder("<div class=\"table-wrap\"><table class=\"history\" id=\"history\">")
                .append("<thead><tr><th>Time</th><th>Target</th><th>Event</th><th>Outcome</th><th class=\"commit\">Commit</th></tr></thead><tbody>\n");
        for (HistoryItem e : items) {
            h.append("<tr data-target=\"").append(esc(e.target().toString())).append("\" data-event=\"").append(esc(e.event())).append("\">")
                    .append("<td class=\"when\">").append(Html.time(e.at(), now)).append("</td>")
                    .append("<td class=\"target\">").append(Html.targetLink(e.target(), e.target().toString())).append("</td>")
                    .append("<td class=\"event\">").append(Html.badge(e.event(), e.event())).append(e.step().map(s -> " <span class=\"muted small\">" + esc(s)
                            + "</span>").orElse("")).append("</td>")
                    .append("<td class=\"outcome\">").append(esc(e.outcome())).append("</td>")
                    .append("<td class=\"commit\">").append(Html.commit(e.commit())).append("</td></tr>\n");
        }
        return h.append("</tbody></table></div>\n").toString();
    }
}
