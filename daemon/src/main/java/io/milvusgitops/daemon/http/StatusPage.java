package io.milvusgitops.daemon.http;

import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import java.util.List;

/**
 * The read-only status page: environments side by side in promotion order, each target with desired
 * against live version, health, the policy's verdict and why it waits, and the recent history.
 * Rendered on the server, no script: it works in any browser and refreshes itself.
 */
public final class StatusPage {

    private StatusPage() {
    }

    public static String render(StatusReport v) {
        StringBuilder h = new StringBuilder(8192);
        h.append("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
                <title>milvus-gitops</title>
                <style>
                body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
                h1{font-size:1.3em;margin:0 0 .3em} .meta{color:#555;margin-bottom:1em}
                .simulation{background:#fff8c5;border:1px solid #d4a72c;padding:.6em;margin-bottom:1em;font-weight:bold}
                .banner{background:#fdecea;border:1px solid #e57373;padding:.6em;margin-bottom:1em}
                .envs{display:flex;gap:1em;align-items:flex-start;flex-wrap:wrap}
                .env{flex:1;min-width:16em;border:1px solid #ccc;border-radius:6px;padding:.6em}
                .env h2{font-size:1.1em;margin:.1em 0 .5em}
                .target{border-top:1px solid #eee;padding:.4em 0}
                .badge{display:inline-block;padding:0 .4em;border-radius:4px;font-size:.85em;margin-right:.3em}
                .Synced{background:#e6f4ea}.OutOfSync{background:#fff4e5}.Unknown{background:#eee}
                .Healthy{background:#e6f4ea}.Degraded{background:#fdecea}.Progressing{background:#e8f0fe}.Missing{background:#eee}
                .halted{background:#fdecea;font-weight:bold}.why{color:#555;font-size:.9em}
                ol{padding-left:1.2em;font-family:monospace;font-size:.85em}
                </style></head><body>
                """);
        h.append("<h1>milvus-gitops</h1><div class=\"meta\">Git <b>").append(esc(v.git().url())).append("</b> (").append(esc(v.git().follows()))
                .append("), desired state <code id=\"commit\">").append(esc(v.git().commit().isEmpty() ? "none yet" : abbrev(v.git().commit())))
                .append("</code>; ").append(v.leader().leading() ? "this replica leads" : "this replica follows (leader: " + esc(v.leader().leader()) + ")")
                .append("; as of ").append(esc(v.at().toString())).append("</div>\n");
        v.notice().ifPresent(n -> h.append("<div class=\"simulation\" id=\"simulation\">").append(esc(n)).append("</div>\n"));
        v.git().rejected().ifPresent(r -> h.append("<div class=\"banner\" id=\"rejected\">The newest commit is refused; the last good desired state stays: ")
                .append(esc(r)).append("</div>\n"));
        h.append("<div class=\"envs\">\n");
        for (String env : v.environments()) {
            h.append("<section class=\"env\" id=\"env-").append(esc(env)).append("\"><h2>").append(esc(env)).append("</h2>\n");
            List<TargetStatus> targets = v.targets().stream().filter(t -> t.target().environment().equals(env)).toList();
            if (targets.isEmpty()) h.append("<div class=\"why\">no pass has reached this environment yet</div>\n");
            for (TargetStatus t : targets) {
                String key = t.target().toString();
                String sync = t.sync().label();
                String health = t.health().id();
                h.append("<div class=\"target\" id=\"target-").append(esc(key)).append("\"><b>").append(esc(t.target().target())).append("</b> ")
                        .append("<span class=\"badge ").append(sync).append("\">").append(sync).append("</span>")
                        .append("<span class=\"badge ").append(esc(health)).append("\">").append(esc(health)).append("</span>");
                if (t.upgrading()) h.append("<span class=\"badge Progressing\">upgrading</span>");
                if (t.halted()) h.append("<span class=\"badge halted\">halted</span>");
                h.append("<div>Git <b>").append(esc(t.desired())).append("</b>, live <b>").append(esc(t.live().orElse("unknown")))
                        .append("</b>, verdict ").append(esc(t.verdict())).append("</div>");
                if (!t.blockingRules().isEmpty()) h.append("<div class=\"why\">held back by ").append(esc(String.join(", ", t.blockingRules()))).append("</div>");
                h.append("<div class=\"why\">").append(esc(t.lastPass())).append("</div>");
                h.append("</div>\n");
            }
            h.append("</section>\n");
        }
        h.append("</div>\n<h2>Recent history</h2>\n");
        if (v.history().isEmpty()) {
            h.append("<p class=\"why\" id=\"history\">nothing has run yet</p>\n");
        } else {
            h.append("<ol id=\"history\">\n");
            v.history().forEach(e -> h.append("<li>").append(esc(e.at() + " " + e.target() + " " + e.event() + ": " + e.outcome())).append("</li>\n"));
            h.append("</ol>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String abbrev(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
