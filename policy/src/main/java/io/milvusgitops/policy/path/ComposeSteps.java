package io.milvusgitops.policy.path;

import io.milvusgitops.policy.path.Step.BackupMetadata;
import io.milvusgitops.policy.path.Step.CheckHealthy;
import io.milvusgitops.policy.path.Step.CreateComponents;
import io.milvusgitops.policy.path.Step.InstallDeployment;
import io.milvusgitops.policy.path.Step.PinMessageQueue;
import io.milvusgitops.policy.path.Step.RemoveComponents;
import io.milvusgitops.policy.path.Step.RestoreMetadata;
import io.milvusgitops.policy.path.Step.RunDataMigration;
import io.milvusgitops.policy.path.Step.RunMetaMigration;
import io.milvusgitops.policy.path.Step.SmokeTest;
import io.milvusgitops.policy.path.Step.StartComponents;
import io.milvusgitops.policy.path.Step.StopComponents;
import io.milvusgitops.policy.path.Step.UninstallDeployment;
import io.milvusgitops.policy.path.Step.UpdateComposeFile;
import io.milvusgitops.policy.path.Step.UpdateMinio;
import io.milvusgitops.policy.path.Step.WaitHealthy;
import io.milvusgitops.policy.path.Step.WaitNoLiveSessions;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Docker Compose through the Engine API: the steps of the Docker guides (upgrade_milvus_standalone-docker.md,
 * upgrade_milvus_cluster-docker.md), which always stop, change the images and start again; MinIO's image
 * changes where the guide changes it (2.6), and the message queue is pinned where the new version's default differs.
 */
final class ComposeSteps implements StepRecipe {

    @Override
    public List<Step> steps(HopContext h) {
        List<Step> s = new ArrayList<>();
        switch (h.kind()) {
            case ROLLING -> {
                s.add(new CheckHealthy());
                s.addAll(StepRecipe.rollStages(h.rollingStages(), h.image()));
                s.add(new UpdateComposeFile(h.image()));
            }
            case RECREATE -> {
                s.add(new CheckHealthy());
                s.add(new StopComponents(h.before()));
                s.add(new StartComponents(h.before(), h.image()));
                s.add(new WaitHealthy(List.of()));
                s.add(new UpdateComposeFile(h.image()));
            }
            case META_MIGRATION -> {
                s.add(new CheckHealthy());
                s.add(new BackupMetadata());
                s.add(new StopComponents(h.before()));
                s.add(new WaitNoLiveSessions());
                s.add(new RunMetaMigration(h.from().version(), h.to().version(), h.rule().migrationImage().orElseThrow()));
                s.addAll(switchTopology(h));
                s.add(new WaitHealthy(List.of()));
                s.add(new UpdateComposeFile(h.image()));
            }
            case TOPOLOGY_CHANGE -> {
                s.add(new CheckHealthy());
                s.add(new BackupMetadata());
                s.add(new StopComponents(h.before()));
                // The 2.6 Docker guide updates MinIO's tag with Milvus's; the queue is pinned before the new image starts.
                h.rule().minioImage().ifPresent(m -> s.add(new UpdateMinio(Image.parse(m))));
                if (h.mode() == DeployMode.STANDALONE && h.messageQueue() != MessageQueue.WOODPECKER) s.add(new PinMessageQueue(h.messageQueue()));
                s.addAll(switchTopology(h));
                s.add(new WaitHealthy(List.of()));
                s.add(new UpdateComposeFile(h.image()));
            }
            case DATA_MIGRATION -> {
                s.add(new InstallDeployment(h.to().version(), h.image(), Optional.empty()));
                s.add(new WaitHealthy(List.of()));
                s.add(new RunDataMigration(h.rule().tool().orElse("milvusdm"), h.from().version(), h.to().version()));
            }
            case ENABLE_MIXCOORD -> throw new IllegalStateException(
                    "the planner enables MixCoord for Helm and Operator clusters only: no guide moves a Compose cluster to 2.6");
        }
        // Every hop ends by asking Milvus itself, as every upgrade guide ends: the version it answers, its health.
        s.add(new SmokeTest(h.to().version()));
        return s;
    }

    /** Remove what the new version no longer has, create what it adds, start the rest on the new image. */
    private static List<Step> switchTopology(HopContext h) {
        List<Step> s = new ArrayList<>();
        if (!h.removed().isEmpty()) s.add(new RemoveComponents(h.removed()));
        if (!h.added().isEmpty()) s.add(new CreateComponents(h.added(), h.image()));
        s.add(new StartComponents(h.kept(), h.image()));
        return s;
    }

    @Override
    public List<Step> rollback(HopContext h) {
        List<Step> s = new ArrayList<>();
        switch (h.kind()) {
            case ROLLING -> s.addAll(StepRecipe.rollStages(StepRecipe.reversed(h.rollingStages()), h.oldImage()));
            case RECREATE -> {
                s.add(new StopComponents(h.before()));
                s.add(new StartComponents(h.before(), h.oldImage()));
                s.add(new WaitHealthy(List.of()));
            }
            case META_MIGRATION, TOPOLOGY_CHANGE -> {
                s.add(new StopComponents(h.after()));
                s.add(new WaitNoLiveSessions());
                s.add(new RestoreMetadata());
                if (!h.added().isEmpty()) s.add(new RemoveComponents(h.added()));
                if (!h.removed().isEmpty()) s.add(new CreateComponents(h.removed(), h.oldImage()));
                s.add(new StartComponents(h.kept(), h.oldImage()));
                s.add(new WaitHealthy(List.of()));
            }
            case DATA_MIGRATION -> {
                s.add(new UninstallDeployment(h.to().version()));
                return s;
            }
            case ENABLE_MIXCOORD -> throw new IllegalStateException("the planner enables MixCoord for Helm and Operator clusters only");
        }
        s.add(new UpdateComposeFile(h.oldImage()));
        return s;
    }
}
