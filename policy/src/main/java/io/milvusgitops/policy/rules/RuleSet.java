package io.milvusgitops.policy.rules;

import java.util.List;
import java.util.Optional;

/**
 * The rules of one environment (or the defaults). Every field is optional: an environment's
 * field replaces the default's, an absent one inherits it. The getters give the effective value
 * with the built-in default: downtime allowed, data migration not, backup required, healthy
 * before start, no hop limit.
 */
public record RuleSet(
        Optional<List<MaintenanceWindow>> maintenanceWindows,
        Optional<PromotionGate> promotionGate,
        Optional<List<Freeze>> freezes,
        Optional<ApprovalRule> approvals,
        Optional<Waves> waves,
        Optional<List<CustomRule>> custom,
        Optional<Boolean> allowDowntime,
        Optional<Boolean> allowDataMigration,
        Optional<Integer> maxHops,
        Optional<Boolean> backupRequired,
        Optional<Boolean> healthyBeforeStart) {

    public static final RuleSet EMPTY = new RuleSet(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** This rule set with every field that {@code over} sets replaced. */
    public RuleSet overriddenBy(RuleSet over) {
        return new RuleSet(
                over.maintenanceWindows.or(() -> maintenanceWindows),
                over.promotionGate.or(() -> promotionGate),
                over.freezes.or(() -> freezes),
                over.approvals.or(() -> approvals),
                over.waves.or(() -> waves),
                over.custom.or(() -> custom),
                over.allowDowntime.or(() -> allowDowntime),
                over.allowDataMigration.or(() -> allowDataMigration),
                over.maxHops.or(() -> maxHops),
                over.backupRequired.or(() -> backupRequired),
                over.healthyBeforeStart.or(() -> healthyBeforeStart));
    }

    public List<MaintenanceWindow> windows() {
        return maintenanceWindows.orElse(List.of());
    }

    public List<Freeze> freezeList() {
        return freezes.orElse(List.of());
    }

    public List<CustomRule> customRules() {
        return custom.orElse(List.of());
    }

    public boolean downtimeAllowed() {
        return allowDowntime.orElse(true);
    }

    public boolean dataMigrationAllowed() {
        return allowDataMigration.orElse(false);
    }

    public boolean backupIsRequired() {
        return backupRequired.orElse(true);
    }

    public boolean healthyBeforeStartRequired() {
        return healthyBeforeStart.orElse(true);
    }
}
