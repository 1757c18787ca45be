package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport.EnvironmentStatus;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline, as Kargo draws stages: environments left to right in promotion order with arrows
 * between them, each with the version Git asks of it, the commit that set it, and one dot per target
 * in its sync state. Environments promoted from the same one share a column.
 */
final class PipelineView {

    private PipelineView() {
    }

    static String render(StatusReport r) {
        if (r.environments().isEmpty()) {
            return "<p class=\"muted\" id=\"pipeline\">No desired state yet: the daemon waits for its first good commit.</p>\n";
        }
        List<List<EnvironmentStatus>> columns = columns(r.environments());
        StringBuilder h = new StringBuilder("<div class=\"pipeline\" id=\"pipeline\">\n");
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) h.append("<div class=\"arrow\" aria-hidden=\"true\">&#10140;</div>\n");
            h.append("<div class=\"column\">\n");
            for (EnvironmentStatus e : columns.get(c)) {
                h.append(stage(e, r, columns.get(c).size() > 1 || c > 0 && columns.get(c - 1).size() > 1));
            }
            h.append("</div>\n");
        }
        return h.append("</div>\n").toString();
    }

    /** Depth by depth: an environment one column right of the one it is promoted from. */
    private static List<List<EnvironmentStatus>> columns(List<EnvironmentStatus> inOrder) {
        Map<String, Integer> depth = new HashMap<>();
        List<List<EnvironmentStatus>> columns = new ArrayList<>();
        for (EnvironmentStatus e : inOrder) {
            int d = e.promotedFrom().map(f -> depth.getOrDefault(f, -1) + 1).orElse(0);
            depth.put(e.name(), d);
            while (columns.size() <= d) columns.add(new ArrayList<>());
            columns.get(d).add(e);
        }
        return columns;
    }

    private static String stage(EnvironmentStatus e, StatusReport r, boolean sayFrom) {
        List<TargetStatus> targets = r.targets().stream().filter(t -> t.target().environment().equals(e.name())).toList();
        StringBuilder h = new StringBuilder();
        h.append("<section class=\"stage ").append(state(targets)).append("\" id=\"stage-").append(esc(e.name())).append("\">");
        if (sayFrom) e.promotedFrom().ifPresent(f -> h.append("<span class=\"from\">from ").append(esc(f)).append("</span>"));
        h.append("<div class=\"name\">").append(esc(e.name())).append("</div>")
                .append("<div class=\"version\" title=\"the version Git asks for\">").append(esc(e.desired())).append("</div>");
        h.append("<div class=\"set\">");
        e.change().ifPresentOrElse(c -> h.append("set by ").append(Html.commit(c.commit())).append(" &ldquo;").append(esc(c.subject()))
                        .append("&rdquo; &middot; ").append(esc(c.author())).append(" &middot; ").append(Html.time(c.at(), r.at())),
                () -> h.append("<span class=\"muted\">the commit that set it is not known</span>"));
        h.append("</div><div class=\"dots\">");
        if (targets.isEmpty()) h.append("<span class=\"muted small\">no pass has reached it yet</span>");
        for (TargetStatus t : targets) {
            h.append("<a class=\"dot ").append(esc(t.halted() ? "halted" : t.upgrading() ? "upgrading" : t.sync().label())).append("\" href=\"")
                    .append(Html.targetHref(t.target())).append("\" title=\"").append(esc(t.sync().label() + ", " + t.health().id())).append("\">")
                    .append(esc(t.target().target())).append("</a>");
        }
        return h.append("</div></section>\n").toString();
    }

    /** The stage's colour: the worst of its targets. */
    private static String state(List<TargetStatus> targets) {
        if (targets.isEmpty()) return "";
        if (targets.stream().anyMatch(TargetStatus::halted)) return "stage-bad";
        if (targets.stream().anyMatch(TargetStatus::upgrading)) return "stage-busy";
        if (targets.stream().anyMatch(TargetStatus::drift)) return "stage-drift";
        if (targets.stream().anyMatch(TargetStatus::unobservable)) return "stage-unknown";
        return "stage-ok";
    }
}
