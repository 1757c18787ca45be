package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /history}: each target's version over time and the audit log as a table, newest first,
 * filtered by environment and target ({@code ?environment=...&target=env/name}) with a plain form that
 * works without script.
 */
final class HistoryPage {

    private HistoryPage() {
    }

    static String render(StatusReport r, HistoryFilter filter) {
        StringBuilder h = new StringBuilder("<h2>History <span class=\"muted small\">what milvus-gitops did, newest first</span></h2>\n");
        h.append(form(r, filter));
        h.append(VersionChart.render(filter.targets(r.targets()), filter.history(r.history()), r.at()));
        h.append("<h3>Events</h3>\n").append(HistoryTable.render(filter.history(r.history()), r.at(),
                filter.environment().isPresent() || filter.target().isPresent() ? "Nothing has happened to these targets yet."
                        : "Nothing has run yet."));
        return Layout.page("History - milvus-gitops", Layout.Tab.HISTORY, r, h.toString());
    }

    private static String form(StatusReport r, HistoryFilter filter) {
        Set<TargetKey> keys = new LinkedHashSet<>();
        r.targets().stream().map(TargetStatus::target).forEach(keys::add);
        r.history().forEach(e -> keys.add(e.target()));
        StringBuilder h = new StringBuilder("<form class=\"filter\" method=\"get\" action=\"/history\">");
        h.append("<label>Environment<select name=\"environment\"><option value=\"\">all</option>");
        r.environments().forEach(e -> h.append(option(e.name(), filter.environment())));
        h.append("</select></label><label>Target<select name=\"target\"><option value=\"\">all</option>");
        keys.forEach(k -> h.append(option(k.toString(), filter.target())));
        return h.append("</select></label><button type=\"submit\">Filter</button></form>\n").toString();
    }

    private static String option(String value, Optional<String> chosen) {
        return "<option value=\"" + esc(value) + "\"" + (chosen.map(value::equals).orElse(false) ? " selected" : "") + ">" + esc(value) + "</option>";
    }
}
