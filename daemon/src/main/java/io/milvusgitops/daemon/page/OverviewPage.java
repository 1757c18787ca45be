package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport.EnvironmentStatus;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import java.util.List;

/**
 * {@code /}: the pipeline, then every environment's targets in promotion order as cards (with the
 * progress of a running plan and why a held target waits), each target's version over time, and the
 * newest lines of the history.
 */
final class OverviewPage {

    /** How many history lines the overview shows; the history page has the rest. */
    static final int RECENT = 8;

    private OverviewPage() {
    }

    static String render(StatusReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<h2>Pipeline <span class=\"muted small\">environments in promotion order, the version Git asks of each and the commit")
                .append(" that set it</span></h2>\n");
        h.append(PipelineView.render(r));
        for (EnvironmentStatus e : r.environments()) {
            List<TargetStatus> targets = r.targets().stream().filter(t -> t.target().environment().equals(e.name())).toList();
            h.append("<section class=\"env\" id=\"env-").append(esc(e.name())).append("\"><div class=\"env-head\"><h2>").append(esc(e.name()))
                    .append("</h2><span class=\"muted small\">").append(targets.size()).append(targets.size() == 1 ? " target" : " targets")
                    .append(e.promotedFrom().map(f -> ", promoted from " + esc(f)).orElse("")).append("</span></div>\n");
            if (targets.isEmpty()) h.append("<p class=\"muted\">No pass has reached this environment yet.</p>\n");
            h.append("<div class=\"cards\">\n");
            targets.forEach(t -> h.append(TargetCard.render(t, r.plan(t.target()), r.at())));
            h.append("</div></section>\n");
        }
        h.append("<h2>Versions over time</h2>\n").append(VersionChart.render(r.targets(), r.history(), r.at()));
        h.append("<h2>Recent history <a class=\"small\" href=\"/history\">all history &rarr;</a></h2>\n");
        h.append(HistoryTable.render(r.history().stream().limit(RECENT).toList(), r.at(), "Nothing has run yet."));
        return Layout.page("milvus-gitops", Layout.Tab.OVERVIEW, r, h.toString());
    }
}
