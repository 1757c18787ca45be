package io.milvusgitops.policy.path;

import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.version.Version;
import java.util.List;
import java.util.Optional;

/**
 * One hop of an upgrade path: the kind, the versions, whether the service goes down, for Helm the
 * chart, the steps in order, the steps that undo it on failure, and the catalog rule it comes from.
 * {@code notes} say why the hop is what it is ("rolling is not possible with RocksMQ: ...").
 */
public record Hop(HopKind kind, Version from, Version to, boolean downtime, Optional<ChartChoice> chart,
                  List<Step> steps, List<Step> rollback, String rule, String source, boolean unconfirmed,
                  List<String> notes) {

    public Hop {
        steps = List.copyOf(steps);
        rollback = List.copyOf(rollback);
        notes = List.copyOf(notes);
    }

    public boolean disruptive() {
        return kind.disruptive();
    }

    /** The same hop in effect: kind, versions, downtime, chart, steps and rollback; not the rule's wording. */
    public boolean sameStepsAs(Hop other) {
        return kind == other.kind && from.equals(other.from) && to.equals(other.to) && downtime == other.downtime
                && chart.equals(other.chart) && steps.equals(other.steps) && rollback.equals(other.rollback);
    }
}
