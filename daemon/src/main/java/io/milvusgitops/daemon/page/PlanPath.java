package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport.HopState;
import io.milvusgitops.daemon.status.StatusReport.HopStatus;
import io.milvusgitops.daemon.status.StatusReport.PlanStatus;
import io.milvusgitops.daemon.status.StatusReport.StepState;
import io.milvusgitops.daemon.status.StatusReport.StepStatus;
import io.milvusgitops.policy.time.HumanTime;
import java.util.List;
import java.util.Locale;

/**
 * The whole pinned plan: every hop with its steps, each marked done, running, failed or pending (and
 * how long a done step took); the rollback steps of a hop open when the hop failed, folded otherwise.
 */
final class PlanPath {

    private PlanPath() {
    }

    static String render(PlanStatus p) {
        StringBuilder h = new StringBuilder("<ol class=\"hops\" id=\"path\">\n");
        for (int i = 0; i < p.path().size(); i++) {
            HopStatus hop = p.path().get(i);
            String state = ProgressView.hopState(hop.state());
            h.append("<li class=\"hop\" data-state=\"").append(state).append("\"><div class=\"hop-head\">").append(i + 1).append(". ")
                    .append(ProgressView.hopName(hop)).append(' ').append(Html.badge(state, state.replace('-', ' '))).append("</div>");
            h.append(steps(hop.steps()));
            if (!hop.rollback().isEmpty()) {
                boolean failed = hop.state() == HopState.ROLLING_BACK || hop.state() == HopState.ROLLED_BACK
                        || hop.state() == HopState.HALTED && hop.rollback().stream().anyMatch(s -> s.state() != StepState.PENDING);
                h.append("<details id=\"rollback-").append(i + 1).append('"').append(failed ? " open" : "").append("><summary>")
                        .append(failed ? "rollback" : "on failure, " + hop.rollback().size() + " rollback steps").append("</summary>")
                        .append(steps(hop.rollback())).append("</details>");
            }
            h.append("</li>\n");
        }
        return h.append("</ol>\n").toString();
    }

    private static String steps(List<StepStatus> steps) {
        StringBuilder h = new StringBuilder("<ol class=\"steps\">");
        for (StepStatus s : steps) {
            String state = s.state().name().toLowerCase(Locale.ROOT);
            h.append("<li class=\"").append(state).append("\" data-state=\"").append(state).append("\" title=\"").append(esc(s.type())).append("\">")
                    .append("<span class=\"st ").append(state).append("\" aria-label=\"").append(state).append("\">").append(icon(s)).append("</span> ")
                    .append(esc(s.name()))
                    .append(s.took().map(d -> " <span class=\"muted small\">(took " + esc(HumanTime.duration(d)) + ")</span>").orElse(""))
                    .append("</li>");
        }
        return h.append("</ol>").toString();
    }

    private static String icon(StepStatus s) {
        return switch (s.state()) {
            case DONE -> "&#10003;";
            case RUNNING -> "&#9654;";
            case FAILED -> "&#10007;";
            case PENDING -> "&#9675;";
        };
    }
}
