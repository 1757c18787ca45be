package io.milvusgitops.policy.path;

import io.milvusgitops.policy.path.Step.BackupMetadata;
import io.milvusgitops.policy.path.Step.CheckHealthy;
import io.milvusgitops.policy.path.Step.CheckOperatorVersion;
import io.milvusgitops.policy.path.Step.CreateMilvusUpgrade;
import io.milvusgitops.policy.path.Step.EnableMixCoord;
import io.milvusgitops.policy.path.Step.IfOperatorRollbackFailed;
import io.milvusgitops.policy.path.Step.ImageUpdateMode;
import io.milvusgitops.policy.path.Step.InstallDeployment;
import io.milvusgitops.policy.path.Step.RestoreMetadata;
import io.milvusgitops.policy.path.Step.RollbackMilvusUpgrade;
import io.milvusgitops.policy.path.Step.RunDataMigration;
import io.milvusgitops.policy.path.Step.SetMilvusImage;
import io.milvusgitops.policy.path.Step.SmokeTest;
import io.milvusgitops.policy.path.Step.StartComponents;
import io.milvusgitops.policy.path.Step.StopComponents;
import io.milvusgitops.policy.path.Step.UninstallDeployment;
import io.milvusgitops.policy.path.Step.VerifyRemoved;
import io.milvusgitops.policy.path.Step.WaitHealthy;
import io.milvusgitops.policy.path.Step.WaitNoLiveSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Milvus Operator: the {@code Milvus} resource's image and update mode, and a {@code MilvusUpgrade}
 * resource for the 2.1 -> 2.2 metadata migration (operator docs v2.4.x and v2.6.x; operator/README.md), and
 * {@code spec.components.mixCoord} before a cluster moves to 2.6 (its own hop, as the 2.6 operator guide
 * patches mixCoord with the 2.5 image first, then the 2.6 image).
 */
final class OperatorSteps implements StepRecipe {

    @Override
    public List<Step> steps(HopContext h) {
        List<Step> s = new ArrayList<>();
        switch (h.kind()) {
            case ROLLING -> {
                s.add(new CheckHealthy());
                s.add(new SetMilvusImage(h.image(), ImageUpdateMode.ROLLING_UPGRADE));
                s.add(new WaitHealthy(List.of()));
            }
            case RECREATE -> {
                s.add(new CheckHealthy());
                s.add(new SetMilvusImage(h.image(), ImageUpdateMode.ALL));
                s.add(new WaitHealthy(List.of()));
            }
            case META_MIGRATION -> {
                s.add(new CheckHealthy());
                s.add(new BackupMetadata());
                s.add(new CreateMilvusUpgrade(h.from().version(), h.to().version(), h.image(), h.rule().migrationImage().orElseThrow()));
                s.add(new WaitHealthy(List.of()));
            }
            case TOPOLOGY_CHANGE -> {
                h.rule().minimumOperator().ifPresent(v -> s.add(new CheckOperatorVersion(v)));
                s.add(new CheckHealthy());
                s.add(new BackupMetadata());
                // A cluster already runs MixCoord here: the planner put an enable-mixcoord hop before this one unless it was seen to.
                s.add(new SetMilvusImage(h.image(), ImageUpdateMode.ROLLING_UPGRADE));
                s.add(new WaitHealthy(List.of()));
                if (!h.removed().isEmpty()) {
                    s.add(new VerifyRemoved(h.removed()));
                }
            }
            case DATA_MIGRATION -> {
                s.add(new InstallDeployment(h.to().version(), h.image(), Optional.empty()));
                s.add(new WaitHealthy(List.of()));
                s.add(new RunDataMigration(h.rule().tool().orElse("milvusdm"), h.from().version(), h.to().version()));
            }
            case ENABLE_MIXCOORD -> {
                // The 2.6 operator guide, step 2.2: spec.components.mixCoord with the image the cluster runs.
                h.rule().minimumOperator().ifPresent(v -> s.add(new CheckOperatorVersion(v)));
                s.add(new CheckHealthy());
                s.add(new EnableMixCoord(h.image()));
                s.add(new WaitHealthy(List.of()));
            }
        }
        // Every hop ends by asking Milvus itself, as every upgrade guide ends: the version it answers, its health.
        s.add(new SmokeTest(h.to().version()));
        return s;
    }

    @Override
    public List<Step> rollback(HopContext h) {
        List<Step> s = new ArrayList<>();
        switch (h.kind()) {
            case ROLLING -> s.add(new SetMilvusImage(h.oldImage(), ImageUpdateMode.ROLLING_DOWNGRADE));
            case RECREATE -> s.add(new SetMilvusImage(h.oldImage(), ImageUpdateMode.ALL));
            case META_MIGRATION -> {
                // The operator's rollback (what its docs/administration/upgrade.md does on a failure: "restore the old version")
                // puts back the backup it took with Milvus stopped; ours, taken before while Milvus ran, only if that fails.
                s.add(new RollbackMilvusUpgrade());
                s.add(new IfOperatorRollbackFailed(new StopComponents(h.after())));
                s.add(new IfOperatorRollbackFailed(new WaitNoLiveSessions()));
                s.add(new IfOperatorRollbackFailed(new RestoreMetadata()));
                s.add(new IfOperatorRollbackFailed(new StartComponents(h.before(), h.oldImage())));
            }
            case TOPOLOGY_CHANGE -> {
                s.add(new StopComponents(h.after()));
                s.add(new WaitNoLiveSessions());
                s.add(new RestoreMetadata());
                s.add(new StartComponents(h.before(), h.oldImage()));
            }
            case DATA_MIGRATION -> {
                s.add(new UninstallDeployment(h.to().version()));
                return s;
            }
            case ENABLE_MIXCOORD -> {
                // No guide goes back from MixCoord to the separate coordinators: a failure halts for a person.
                return s;
            }
        }
        s.add(new WaitHealthy(List.of()));
        return s;
    }
}
