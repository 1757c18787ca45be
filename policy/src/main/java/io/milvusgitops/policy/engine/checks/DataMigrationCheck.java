package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.util.List;

/** A data migration (1.x to 2.x) runs only where the policy allows it explicitly. */
public final class DataMigrationCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        if (rules.dataMigrationAllowed()) return List.of();
        boolean migrates = c.upgradePath().stream().flatMap(p -> p.hops().stream()).anyMatch(h -> h.kind() == HopKind.DATA_MIGRATION);
        return migrates ? List.of(Objection.deny("allow-data-migration", "the plan copies the data into a new deployment (MilvusDM)",
                "set allowDataMigration: true for this environment after planning the client switch-over")) : List.of();
    }
}
