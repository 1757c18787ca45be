package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport.PlanStatus;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /targets/<environment>/<target>}: one target's card, its plan as the upgrade record pins it
 * (every hop and step marked done, running or pending, the record's phase), its version over time and
 * its own history.
 */
final class TargetPage {

    private TargetPage() {
    }

    /** The page, or empty when the status knows no such target. */
    static Optional<String> render(StatusReport r, TargetKey key) {
        Optional<TargetStatus> target = r.target(key);
        Optional<PlanStatus> plan = r.plan(key);
        if (target.isEmpty() && plan.isEmpty()) return Optional.empty();
        HistoryFilter only = new HistoryFilter(Optional.empty(), Optional.of(key.toString()));
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"crumbs\"><a href=\"/\">Overview</a> &rsaquo; <a href=\"/#env-").append(Html.url(key.environment())).append("\">")
                .append(esc(key.environment())).append("</a> &rsaquo; ").append(esc(key.target())).append("</div>\n");
        target.ifPresent(t -> h.append("<div class=\"cards single\">").append(TargetCard.render(t, plan, r.at())).append("</div>\n"));
        h.append("<h2>Plan</h2>\n");
        plan.ifPresentOrElse(p -> h.append(facts(p, r)).append(PlanPath.render(p)),
                () -> h.append("<p class=\"muted\" id=\"path\">No plan runs on this target").append(target.map(t -> ": " + esc(t.lastPass())).orElse(""))
                        .append(".</p>\n"));
        h.append("<h2>Version over time</h2>\n").append(VersionChart.render(target.map(List::of).orElse(List.of()), only.history(r.history()), r.at()));
        h.append("<h2>History</h2>\n").append(HistoryTable.render(only.history(r.history()), r.at(), "Nothing has happened to this target yet."));
        return Optional.of(Layout.page(key + " - milvus-gitops", Layout.Tab.TARGET, r, h.toString()));
    }

    private static String facts(PlanStatus p, StatusReport r) {
        StringBuilder h = new StringBuilder("<dl class=\"facts\" id=\"plan\">");
        h.append("<dt>plan</dt><dd><code>").append(esc(p.plan())).append("</code>: ").append(esc(p.from())).append(" &rarr; ").append(esc(p.to()))
                .append(", ").append(p.hops()).append(p.hops() == 1 ? " hop" : " hops").append("</dd>");
        h.append("<dt>phase</dt><dd>").append(Html.badge(ProgressView.hopState(phaseAsHop(p)), p.phase().name().toLowerCase(Locale.ROOT)
                .replace('_', ' '))).append("</dd>");
        h.append("<dt>commit</dt><dd>").append(Html.commit(p.commit())).append("</dd>");
        p.startedAt().ifPresent(s -> h.append("<dt>started</dt><dd>").append(Html.time(s, r.at())).append("</dd>"));
        h.append("<dt>last change</dt><dd>").append(Html.time(p.updatedAt(), r.at())).append(": ").append(esc(p.message())).append("</dd>");
        p.left().ifPresent(e -> h.append("<dt>left</dt><dd>").append(esc(e.describe())).append("</dd>"));
        return h.append("</dl>\n").toString();
    }

    /** The record's phase in the colours of a hop's state. */
    private static StatusReport.HopState phaseAsHop(PlanStatus p) {
        return switch (p.phase()) {
            case RUNNING -> StatusReport.HopState.RUNNING;
            case ROLLING_BACK -> StatusReport.HopState.ROLLING_BACK;
            case HALTED -> StatusReport.HopState.HALTED;
            case COMPLETED -> StatusReport.HopState.DONE;
        };
    }
}
