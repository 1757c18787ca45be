package io.milvusgitops.daemon.output;

import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.status.StatusReport.EnvironmentStatus;
import io.milvusgitops.daemon.status.StatusReport.PlanStatus;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.time.HumanTime;
import io.milvusgitops.policy.verdict.Objection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The status for a person in a terminal: the pipeline in promotion order, a table of every target, then
 * each running plan's progress and each held target's objections (with until when). The same records
 * the page and {@code /api/v1/status} show.
 */
public final class StatusView {

    private StatusView() {
    }

    public static String text(StatusReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Status at ").append(HumanTime.at(r.at())).append(", desired state ")
                .append(r.git().commit().isEmpty() ? "(not in Git)" : r.git().commit().substring(0, Math.min(8, r.git().commit().length())))
                .append(" (").append(r.git().url()).append(")\n\n");
        if (!r.environments().isEmpty()) {
            sb.append(r.environments().stream().map(e -> stage(e, r)).collect(Collectors.joining("\n  -> ", "  ", "\n\n")));
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ENVIRONMENT", "TARGET", "METHOD", "DESIRED", "LIVE", "HEALTH", "SYNC", "VERDICT", "NOTE"});
        for (TargetStatus t : r.targets()) {
            rows.add(new String[] {t.target().environment(), t.target().target(), t.method().id(), t.desired(), t.live().orElse("-"),
                    t.health().id(), t.sync().label(), t.halted() ? "halted" : t.upgrading() ? "upgrading" : t.verdict(),
                    PlanView.shorten(t.unobserved().map(u -> "live state unknown: " + u).orElse(t.lastPass()))});
        }
        sb.append(Table.render(rows));
        for (TargetStatus t : r.targets()) {
            r.plan(t.target()).filter(p -> p.phase().inFlight() || p.phase() == UpgradeRecord.Phase.HALTED)
                    .ifPresent(p -> sb.append('\n').append(t.target()).append(": ").append(progress(p, r)).append('\n'));
            if (t.objections().isEmpty()) continue;
            sb.append('\n').append(t.target()).append(": ").append(t.verdict().toUpperCase(Locale.ROOT))
                    .append(t.waitUntil().map(u -> " until " + HumanTime.at(u, r.at())).orElse("")).append('\n');
            for (Objection o : t.objections()) {
                sb.append("  - ").append(o.rule()).append(": ").append(o.fact()).append('\n');
                if (!o.remedy().isEmpty()) sb.append("      to proceed: ").append(o.remedy()).append('\n');
                o.until().ifPresent(u -> sb.append("      until ").append(HumanTime.at(u, r.at())).append('\n'));
            }
        }
        return sb.toString();
    }

    /** "staging 2.6.15 (set by 5ec1c818 'staging: Milvus 2.6.15', 3 d ago)" */
    private static String stage(EnvironmentStatus e, StatusReport r) {
        return e.name() + " " + e.desired() + e.change().map(c -> " (set by " + c.commit().substring(0, Math.min(8, c.commit().length())) + " '"
                + c.subject() + "', " + HumanTime.relative(c.at(), r.at()) + ")").orElse("");
    }

    /** "upgrading 2.4.5 -> 2.6.15: hop 2 of 2 (topology-change 2.5.16 -> 2.6.15), step 5 of 14: ..., 12 of 20 steps done, about 8 min left" */
    static String progress(PlanStatus p, StatusReport r) {
        var hop = p.path().get(p.hop() - 1);
        String where = "hop " + p.hop() + " of " + p.hops() + " (" + hop.kind() + " " + hop.from() + " -> " + hop.to() + ")";
        return switch (p.phase()) {
            case RUNNING -> "upgrading " + p.from() + " -> " + p.to() + ": " + where
                    + (p.step() <= p.steps() ? ", step " + p.step() + " of " + p.steps() + ": " + p.stepName().orElse("") : ", its steps are done")
                    + "; " + p.stepsDone() + " of " + p.stepsTotal() + " steps done"
                    + p.startedAt().map(s -> ", running for " + HumanTime.duration(Duration.between(s, r.at()))).orElse("")
                    + p.left().map(e -> ", " + e.describe()).orElse("");
            case ROLLING_BACK -> "rolling back " + where + ", step " + p.step() + " of " + p.steps() + ": " + p.stepName().orElse("");
            case HALTED -> "halted in " + where + ": " + p.message() + p.failure().map(f -> "\n  it failed at: " + f).orElse("")
                    + p.remedy().map(m -> "\n  what to do: " + m).orElse("");
            case COMPLETED -> "plan " + p.plan() + " ended: " + p.message();
        };
    }
}
