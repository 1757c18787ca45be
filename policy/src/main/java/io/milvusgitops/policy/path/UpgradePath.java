package io.milvusgitops.policy.path;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.util.List;

/** The ordered hops from the live version to the desired one; no hops means no drift. */
public record UpgradePath(Version from, Version to, DeployMethod method, DeployMode mode, MessageQueue messageQueue,
                          List<Hop> hops) {

    public UpgradePath {
        hops = List.copyOf(hops);
    }

    public boolean isEmpty() {
        return hops.isEmpty();
    }

    public boolean needsDowntime() {
        return hops.stream().anyMatch(Hop::downtime);
    }

    public long disruptiveHops() {
        return hops.stream().filter(Hop::disruptive).count();
    }

    /**
     * The same plan: the same deployment, and hop by hop the same kind, versions, downtime, chart, steps and
     * rollback. The rules' wording (source, notes) may differ: a corrected citation does not change a plan.
     */
    public boolean samePlanAs(UpgradePath other) {
        if (!from.equals(other.from) || !to.equals(other.to) || method != other.method || mode != other.mode
                || messageQueue != other.messageQueue || hops.size() != other.hops.size()) {
            return false;
        }
        for (int i = 0; i < hops.size(); i++) {
            if (!hops.get(i).sameStepsAs(other.hops.get(i))) return false;
        }
        return true;
    }

    /** "rolling 2.4.5 -> 2.5.16 (9 steps), topology-change 2.5.16 -> 2.6.15 (12 steps)". */
    public String summary() {
        if (hops.isEmpty()) return "no hop";
        return String.join(", ", hops.stream().map(h -> h.kind() + " " + h.from() + " -> " + h.to() + " (" + h.steps().size() + " steps)").toList());
    }
}
