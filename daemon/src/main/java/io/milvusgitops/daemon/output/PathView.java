package io.milvusgitops.daemon.output;

import io.milvusgitops.policy.path.HelmValue;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An upgrade path for people (an aligned, numbered list) and for pipelines (JSON). */
public final class PathView {

    private PathView() {
    }

    public static Map<String, Object> json(UpgradePath p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", p.from().toString());
        out.put("to", p.to().toString());
        out.put("method", p.method().id());
        out.put("mode", p.mode().id());
        out.put("messageQueue", p.messageQueue().id());
        out.put("downtime", p.needsDowntime());
        List<Object> hops = new ArrayList<>();
        for (Hop h : p.hops()) {
            hops.add(hop(h));
        }
        out.put("hops", hops);
        return out;
    }

    public static Map<String, Object> hop(Hop h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", h.kind().id());
        out.put("from", h.from().toString());
        out.put("to", h.to().toString());
        out.put("downtime", h.downtime());
        h.chart().ifPresent(c -> {
            out.put("chart", c.chart());
            out.put("chartVersion", c.chartVersion().toString());
            out.put("resetThenReuseValues", c.resetThenReuseValues());
            out.put("values", values(c.set()));
        });
        out.put("rule", h.rule());
        out.put("source", h.source());
        if (h.unconfirmed()) {
            out.put("unconfirmed", true);
        }
        if (!h.notes().isEmpty()) {
            out.put("notes", h.notes());
        }
        out.put("steps", steps(h.steps()));
        out.put("rollback", steps(h.rollback()));
        return out;
    }

    /** The values a hop sets, each with why: what the plan will pass to helm upgrade, for a person to check. */
    private static List<Object> values(List<HelmValue> set) {
        List<Object> out = new ArrayList<>();
        for (HelmValue v : set) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", v.key());
            m.put("value", v.value());
            m.put("purpose", v.purpose().id());
            out.add(m);
        }
        return out;
    }

    private static List<Object> steps(List<Step> steps) {
        List<Object> out = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", s.type());
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) Json.tree(s);
            m.putAll(fields);
            out.add(m);
        }
        return out;
    }

    public static String text(UpgradePath p) {
        StringBuilder sb = new StringBuilder();
        String deployment = p.method() + "/" + p.mode() + "/" + p.messageQueue();
        if (p.isEmpty()) {
            return p.from() + " is already " + p.to() + " (" + deployment + "): nothing to do\n";
        }
        sb.append(p.from()).append(" -> ").append(p.to()).append("  ").append(deployment).append("  ")
                .append(p.hops().size()).append(p.hops().size() == 1 ? " hop" : " hops")
                .append(p.needsDowntime() ? ", DOWNTIME" : ", no downtime").append('\n');
        int n = 1;
        for (Hop h : p.hops()) {
            sb.append(String.format("%n%2d. %-15s %s -> %s%s%s%n", n++, h.kind().id(), h.from(), h.to(),
                    h.downtime() ? "  (downtime)" : "",
                    h.chart().map(c -> "  chart " + c.chart() + " " + c.chartVersion() + " " + c.valuesMode().flag()).orElse("")));
            h.chart().filter(c -> !c.set().isEmpty()).ifPresent(c -> {
                sb.append("    sets:\n");
                for (HelmValue v : c.set()) {
                    sb.append(String.format("      --set %-36s %s%n", v, v.purpose().meaning()));
                }
            });
            for (String note : h.notes()) {
                sb.append("    note: ").append(note).append('\n');
            }
            sb.append("    rule: ").append(h.rule()).append(" [").append(h.source()).append("]\n");
            int i = 1;
            for (Step s : h.steps()) {
                sb.append(String.format("    %2d) %s%n", i++, s.describe()));
            }
            sb.append("    on failure:\n");
            for (Step s : h.rollback()) {
                sb.append("        - ").append(s.describe()).append('\n');
            }
        }
        return sb.toString();
    }
}
