package io.milvusgitops.daemon.output;

import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.plan.FleetPlan;
import io.milvusgitops.policy.plan.TargetPlan;
import io.milvusgitops.policy.time.HumanTime;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan of a fleet, for a person at 3 a.m. (a table, then each drifting target with the reason
 * first) and for pipelines (JSON).
 */
public final class PlanView {

    private PlanView() {
    }

    public static String text(FleetPlan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append("Plan at ").append(HumanTime.at(plan.at())).append(", desired state ").append(plan.commit().shortId()).append("\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ENVIRONMENT", "TARGET", "DESIRED", "LIVE", "DRIFT", "VERDICT", "REASON"});
        for (TargetPlan t : plan.targets()) {
            rows.add(new String[] {t.environment().name(), t.target().name(), t.desired().toString(),
                    t.live().map(l -> l.version() + (l.healthy() ? "" : " " + l.health())).orElse("unknown"),
                    t.drift() ? "yes" : "no", t.verdict().map(v -> label(v, plan.at())).orElse("in sync"), reason(t)});
        }
        sb.append(Table.render(rows));
        for (TargetPlan t : plan.targets()) {
            if (!t.drift()) continue;
            sb.append('\n').append(t.environment().name()).append('/').append(t.target().name()).append(": ")
                    .append(t.verdict().map(v -> label(v, plan.at())).orElse("")).append('\n');
            for (Objection o : t.verdict().map(Verdict::objections).orElse(List.of())) {
                sb.append("  - ").append(o.rule()).append(": ").append(o.fact()).append('\n');
                if (!o.remedy().isEmpty()) sb.append("      to proceed: ").append(o.remedy()).append('\n');
                o.until().ifPresent(u -> sb.append("      until ").append(HumanTime.at(u, plan.at())).append('\n'));
            }
            if (t.path() instanceof PathResult.Found f) {
                sb.append("  path ").append(f.path().from()).append(" -> ").append(f.path().to()).append(" (")
                        .append(f.path().method()).append('/').append(f.path().mode()).append('/').append(f.path().messageQueue()).append("):\n");
                int n = 1;
                for (Hop h : f.path().hops()) {
                    sb.append(String.format("    %d. %-15s %s -> %s%s, %d steps%n", n++, h.kind().id(), h.from(), h.to(),
                            h.downtime() ? " (downtime)" : "", h.steps().size()));
                    // The values the hop will pass to helm upgrade, for the person who approves it.
                    h.chart().ifPresent(c -> sb.append("       chart ").append(c.chart()).append(' ').append(c.chartVersion()).append(' ')
                            .append(c.valuesMode().flag()).append(c.set().stream().map(v -> " --set " + v).collect(Collectors.joining()))
                            .append('\n'));
                }
            }
        }
        return sb.toString();
    }

    /** "WAIT until 2026-11-28 01:00 UTC (in 15 h)", "DENY", "ALLOW". */
    static String label(Verdict v, Instant now) {
        return switch (v) {
            case Verdict.Wait w -> w.until().map(u -> "WAIT until " + HumanTime.at(u, now)).orElse("WAIT");
            default -> v.label();
        };
    }

    /** The reason first: the first objection, or what will happen. */
    static String reason(TargetPlan t) {
        if (!t.drift()) return "";
        return t.verdict().flatMap(v -> v.objections().stream().findFirst()).map(o -> shorten(o.rule() + ": " + o.fact()))
                .orElseGet(() -> t.path() instanceof PathResult.Found f
                        ? f.path().hops().stream().map(h -> h.kind().id() + " " + h.from() + "->" + h.to()).collect(Collectors.joining(", "))
                        : "");
    }

    private static final int REASON_WIDTH = 110;

    /** The table's reason column stays on one screen line; the details below have the whole text. */
    static String shorten(String s) {
        return s.length() <= REASON_WIDTH ? s : s.substring(0, REASON_WIDTH - 3) + "...";
    }

    public static Map<String, Object> json(FleetPlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", plan.at().toString());
        out.put("commit", plan.commit().id());
        List<Object> targets = new ArrayList<>();
        for (TargetPlan t : plan.targets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("environment", t.environment().name());
            m.put("target", t.target().name());
            m.put("desired", t.desired().toString());
            t.live().ifPresent(l -> {
                m.put("live", l.version().toString());
                m.put("health", l.health().id());
                m.put("since", l.since().toString());
            });
            m.put("drift", t.drift());
            if (t.drift()) {
                switch (t.path()) {
                    case PathResult.Found f -> m.put("path", PathView.json(f.path()));
                    case PathResult.Refused r -> m.put("refusal", Map.of("code", r.refusal().code(), "reason", r.refusal().reason()));
                }
            }
            t.verdict().ifPresent(v -> m.put("verdict", verdict(v)));
            targets.add(m);
        }
        out.put("targets", targets);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("targets", plan.targets().size());
        summary.put("drifting", plan.targets().stream().filter(TargetPlan::drift).count());
        summary.put("allowed", plan.targets().stream().filter(TargetPlan::allowed).count());
        out.put("summary", summary);
        return out;
    }

    private static Map<String, Object> verdict(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", switch (v) {
            case Verdict.Allow a -> "allow";
            case Verdict.Deny d -> "deny";
            case Verdict.Wait w -> "wait";
            case Verdict.NeedsApproval n -> "needs-approval";
        });
        if (v instanceof Verdict.Wait w) w.until().map(Instant::toString).ifPresent(u -> m.put("until", u));
        if (v instanceof Verdict.NeedsApproval n) m.put("what", n.what());
        List<Object> objections = new ArrayList<>();
        for (Objection o : v.objections()) {
            Map<String, Object> om = new LinkedHashMap<>();
            om.put("rule", o.rule());
            om.put("effect", o.effect().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            om.put("fact", o.fact());
            om.put("remedy", o.remedy());
            o.until().map(Instant::toString).ifPresent(u -> om.put("until", u));
            objections.add(om);
        }
        m.put("objections", objections);
        return m;
    }
}
