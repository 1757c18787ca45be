package io.milvusgitops.policy.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.live.HistoryEntry;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.rules.MaintenanceWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spellings users write in YAML, JSON and on the command line, derived or overridden, and found again by byId. */
class NamedTest {

    @Test
    void derivedSpellingsAreLowerCaseWithHyphens() {
        assertThat(HopKind.META_MIGRATION.id()).isEqualTo("meta-migration");
        assertThat(HistoryEntry.Outcome.ROLLED_BACK.id()).isEqualTo("rolled-back");
        assertThat(MessageQueue.ROCKSMQ.id()).isEqualTo("rocksmq");
        assertThat(Component.STREAMINGNODE.toString()).isEqualTo("streamingnode");
        assertThat(Named.choices(DeployMethod.class)).isEqualTo("helm, operator, compose");
    }

    @Test
    void spellingsFromOtherToolsAreKept() {
        assertThat(Health.HEALTHY.id()).isEqualTo("Healthy");
        assertThat(Step.ValuesMode.RESET_THEN_REUSE.id()).isEqualTo("reset-then-reuse-values");
        assertThat(Step.ImageUpdateMode.ROLLING_UPGRADE.id()).isEqualTo("rollingUpgrade");
    }

    @Test
    void everySpellingFindsItsConstant() {
        for (Class<? extends Enum<?>> type : List.<Class<? extends Enum<?>>>of(HopKind.class, Health.class, HistoryEntry.Outcome.class,
                Step.ValuesMode.class, Step.ImageUpdateMode.class, MaintenanceWindow.Kind.class, MaintenanceWindow.AppliesTo.class,
                Component.class, DeployMethod.class, DeployMode.class, MessageQueue.class)) {
            for (Enum<?> e : type.getEnumConstants()) {
                assertThat(byId(type, ((Named) e).id())).as("%s", e).isSameAs(e);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object byId(Class type, String id) {
        return Named.byId(type, id).orElseThrow();
    }
}
