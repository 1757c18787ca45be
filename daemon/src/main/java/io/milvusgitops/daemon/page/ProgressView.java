package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport.HopState;
import io.milvusgitops.daemon.status.StatusReport.HopStatus;
import io.milvusgitops.daemon.status.StatusReport.PlanStatus;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.policy.time.HumanTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a plan stands, in a few lines: hop i of n (kind, from -> to), step j of m with its name, a bar,
 * the time spent and an estimate of what is left; a rollback says which step failed; a halted plan says
 * why and what to do. The numbers are also in {@code data-} attributes, for tests and scripts.
 */
final class ProgressView {

    private ProgressView() {
    }

    static String render(PlanStatus p, Instant now) {
        return switch (p.phase()) {
            case RUNNING -> running(p, now);
            case ROLLING_BACK -> rollingBack(p, now);
            case HALTED -> halted(p);
            case COMPLETED -> start(p, "progress", "") + "<div class=\"line\"><b>Plan " + esc(p.plan()) + " ended</b>: " + esc(p.message())
                    + "</div></div>\n";
        };
    }

    private static String running(PlanStatus p, Instant now) {
        HopStatus hop = p.path().get(p.hop() - 1);
        StringBuilder h = new StringBuilder();
        h.append(start(p, "progress", " data-hop=\"" + p.hop() + "\" data-hops=\"" + p.hops() + "\" data-step=\"" + p.step() + "\" data-steps=\""
                + p.steps() + "\" data-done=\"" + p.stepsDone() + "\" data-total=\"" + p.stepsTotal() + "\""));
        h.append("<div class=\"line\"><b>Upgrading ").append(esc(p.from())).append(" &rarr; ").append(esc(p.to())).append("</b></div>");
        h.append("<div class=\"line\">Hop <b>").append(p.hop()).append("</b> of <b>").append(p.hops()).append("</b>: ").append(hopName(hop))
                .append("</div>");
        if (p.step() <= p.steps()) {
            h.append("<div class=\"line\">Step <b>").append(p.step()).append("</b> of <b>").append(p.steps()).append("</b>: ")
                    .append(esc(p.stepName().orElse(""))).append(p.stepStartedAt().map(s -> " <span class=\"muted\">(for "
                            + esc(HumanTime.duration(Duration.between(s, now))) + ")</span>").orElse("")).append("</div>");
        } else {
            h.append("<div class=\"line\">All <b>").append(p.steps()).append("</b> steps of this hop are done</div>");
        }
        h.append(bar(p.stepsDone(), p.stepsTotal(), false));
        h.append("<div class=\"line muted\"><span class=\"done-n\">").append(p.stepsDone()).append("</span> of ").append(p.stepsTotal())
                .append(" steps done").append(spent(p.startedAt(), now)).append(" &middot; <span class=\"left\">")
                .append(esc(p.left().map(StatusReport.Estimate::describe).orElse("no estimate"))).append("</span></div>");
        return h.append("</div>\n").toString();
    }

    private static String rollingBack(PlanStatus p, Instant now) {
        HopStatus hop = p.path().get(p.hop() - 1);
        StringBuilder h = new StringBuilder(start(p, "progress halted-box", " data-rollback=\"true\""));
        h.append("<div class=\"line\"><b>Rolling back</b> hop ").append(p.hop()).append(" of ").append(p.hops()).append(": ").append(hopName(hop))
                .append("</div>");
        p.failure().ifPresent(f -> h.append("<div class=\"line\"><b>It failed at:</b> ").append(esc(f)).append("</div>"));
        h.append("<div class=\"line\">Rollback step <b>").append(Math.min(p.step(), p.steps())).append("</b> of <b>").append(p.steps())
                .append("</b>: ").append(esc(p.stepName().orElse(""))).append("</div>");
        h.append(bar(p.step() - 1, p.steps(), true));
        h.append("<div class=\"line muted\">").append(spent(p.startedAt(), now).replaceFirst("^ &middot; ", ""))
                .append(p.left().map(e -> " &middot; " + esc(e.describe())).orElse("")).append("</div>");
        return h.append("</div>\n").toString();
    }

    private static String halted(PlanStatus p) {
        StringBuilder h = new StringBuilder(start(p, "progress halted-box", " data-halted=\"true\""));
        h.append("<div class=\"line\"><b>Halted</b> in hop ").append(p.hop()).append(" of ").append(p.hops()).append(" (")
                .append(esc(p.hopKind())).append("): ").append(esc(p.message())).append("</div>");
        p.failure().ifPresent(f -> h.append("<div class=\"line\"><b>It failed at:</b> ").append(esc(f)).append("</div>"));
        p.remedy().ifPresent(r -> h.append("<div class=\"line\"><b>What to do:</b> ").append(esc(r)).append("</div>"));
        return h.append("</div>\n").toString();
    }

    private static String start(PlanStatus p, String classes, String data) {
        return "<div class=\"" + classes + "\" id=\"progress-" + esc(p.target().toString()) + "\"" + data + ">";
    }

    static String hopName(HopStatus hop) {
        return esc(hop.kind()) + " " + esc(hop.from()) + " &rarr; " + esc(hop.to()) + (hop.downtime() ? " <span class=\"badge wait\">downtime</span>" : "");
    }

    static String hopState(HopState s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String bar(int done, int total, boolean back) {
        int percent = total == 0 ? 100 : Math.max(0, Math.min(100, done * 100 / total));
        return "<div class=\"bar" + (back ? " back" : "") + "\" role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"" + total
                + "\" aria-valuenow=\"" + done + "\"><span style=\"width:" + percent + "%\"></span></div>";
    }

    private static String spent(Optional<Instant> started, Instant now) {
        return started.map(s -> " &middot; running for " + esc(HumanTime.duration(Duration.between(s, now)))).orElse("");
    }
}
