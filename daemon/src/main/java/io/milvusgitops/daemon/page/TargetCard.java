package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport.PlanStatus;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.time.HumanTime;
import io.milvusgitops.policy.verdict.Objection;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One target: desired against live, sync and health in words and colour, the verdict, the progress of
 * its plan, and for a held target every objection with its remedy and, for a time rule, until when
 * (local time and how long from now). A target whose live state is unknown looks unlike both a synced
 * and a drifting one: a dashed card that says why.
 */
final class TargetCard {

    private TargetCard() {
    }

    static String render(TargetStatus t, Optional<PlanStatus> plan, Instant now) {
        StringBuilder h = new StringBuilder();
        h.append("<article class=\"card").append(t.unobservable() ? " unknown" : "").append("\" id=\"target-").append(esc(t.target().toString()))
                .append("\" data-sync=\"").append(esc(t.sync().label())).append("\">");
        h.append("<div class=\"title\">").append(Html.targetLink(t.target(), t.target().target())).append("<span class=\"method\">")
                .append(esc(t.method().id())).append("</span></div>");
        h.append("<div class=\"versions\">Git <b>").append(esc(t.desired())).append("</b> &middot; live <b>").append(esc(t.live().orElse(t.unobservable() ? "unknown" : "not found")))
                .append("</b></div>");
        h.append(badges(t, now));
        t.unobserved().ifPresent(why -> h.append("<div class=\"why\"><b>Live state unknown</b> (not drift): ").append(esc(why)).append("</div>"));
        if (t.live().isEmpty() && !t.unobservable()) {
            h.append("<div class=\"why\"><b>Not found</b> where the fleet says it runs: nothing runs there, or the fleet names the wrong place</div>");
        }
        Optional<PlanStatus> shown = plan.filter(p -> t.upgrading() || t.halted() || p.phase().inFlight());
        shown.ifPresent(p -> h.append(ProgressView.render(p, now)));
        h.append(objections(t, now));
        // What the last pass did, where nothing above says it already (the plan's box, the objections, the reason it is unknown).
        if (shown.isEmpty() && t.objections().isEmpty() && t.unobserved().isEmpty() && !t.lastPass().isEmpty()) {
            h.append("<div class=\"why\">last pass: ").append(esc(t.lastPass())).append("</div>");
        }
        return h.append("</article>\n").toString();
    }

    static String badges(TargetStatus t, Instant now) {
        StringBuilder h = new StringBuilder("<div class=\"badges\">");
        h.append(Html.badge(t.sync().label(), t.sync().label())).append(Html.badge(t.health().id(), t.health().id()));
        if (t.halted()) h.append(Html.badge("halted", "halted"));
        else if (t.upgrading()) h.append(Html.badge("upgrading", "upgrading"));
        else if (!t.verdict().equals("in-sync")) h.append(Html.badge(t.verdict(), verdict(t, now)));
        return h.append("</div>").toString();
    }

    /** The policy's verdict in words: "may start", "waits 3 h 12 min", "needs approval", "denied". */
    private static String verdict(TargetStatus t, Instant now) {
        return switch (t.verdict()) {
            case "allow" -> "may start";
            case "wait" -> t.waitUntil().filter(now::isBefore).map(u -> "waits " + HumanTime.duration(Duration.between(now, u))).orElse("waits");
            case "approval" -> "needs approval";
            case "deny" -> "denied";
            default -> t.verdict();
        };
    }

    static String objections(TargetStatus t, Instant now) {
        if (t.objections().isEmpty()) return "";
        StringBuilder h = new StringBuilder("<ul class=\"objections\">");
        for (Objection o : t.objections()) {
            h.append("<li class=\"obj-").append(o.effect().name().toLowerCase(Locale.ROOT).replace('_', '-')).append("\" data-rule=\"").append(esc(o.rule()))
                    .append("\"><span class=\"rule\">").append(esc(o.rule())).append("</span>: ").append(esc(o.fact()));
            if (!o.remedy().isEmpty()) h.append("<div class=\"remedy\">to proceed: ").append(esc(o.remedy())).append("</div>");
            o.until().ifPresent(u -> h.append("<div class=\"until\">until ").append(Html.time(u, now)).append("</div>"));
            h.append("</li>");
        }
        return h.append("</ul>").toString();
    }
}
