package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.util.ArrayList;
import java.util.List;

/** {@code backupRequired} (on by default): a hop that changes metadata backs it up before it changes anything. */
public final class BackupCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        if (!rules.backupIsRequired()) return List.of();
        List<Objection> out = new ArrayList<>();
        for (Hop h : c.upgradePath().map(p -> p.hops()).orElse(List.of())) {
            if (h.kind().changesMetadata() && !backsUpFirst(h.steps())) {
                out.add(Objection.deny("backup-required", "the " + h.kind() + " hop " + h.from() + " -> " + h.to()
                        + " changes the metadata without backing it up first", "the hop must start with a metadata backup"));
            }
        }
        return out;
    }

    /** A backup comes before every step that changes something; checks may stand before it. */
    static boolean backsUpFirst(List<Step> steps) {
        for (Step s : steps) {
            if (s instanceof Step.BackupMetadata) return true;
            if (!(s instanceof Step.CheckHealthy || s instanceof Step.CheckOperatorVersion)) return false;
        }
        return false;
    }
}
