package io.milvusgitops.policy.path;

import io.milvusgitops.policy.path.Step.BackupMetadata;
import io.milvusgitops.policy.path.Step.CheckHealthy;
import io.milvusgitops.policy.path.Step.EnableActiveStandby;
import io.milvusgitops.policy.path.Step.HelmUpgrade;
import io.milvusgitops.policy.path.Step.InstallDeployment;
import io.milvusgitops.policy.path.Step.RestoreMetadata;
import io.milvusgitops.policy.path.Step.RunDataMigration;
import io.milvusgitops.policy.path.Step.RunMetaMigration;
import io.milvusgitops.policy.path.Step.SmokeTest;
import io.milvusgitops.policy.path.Step.StopComponents;
import io.milvusgitops.policy.path.Step.SyncHelmRelease;
import io.milvusgitops.policy.path.Step.UninstallDeployment;
import io.milvusgitops.policy.path.Step.VerifyRemoved;
import io.milvusgitops.policy.path.Step.WaitHealthy;
import io.milvusgitops.policy.path.Step.WaitNoLiveSessions;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Helm: rollingUpdate.sh, {@code helm upgrade}, migrate.sh and the 2.5 -> 2.6 guide, as steps. Every
 * {@code helm upgrade} carries the hop's values ({@link HelmValues}): the image and what keeps the release
 * as it runs, so that no hop switches it as a side effect of the new chart's defaults.
 */
final class HelmSteps implements StepRecipe {

    @Override
    public List<Step> steps(HopContext h) {
        List<Step> s = new ArrayList<>();
        switch (h.kind()) {
            case ROLLING -> {
                s.add(new CheckHealthy());
                if (h.mode() == DeployMode.CLUSTER) {
                    s.add(new EnableActiveStandby(h.coordinators()));
                }
                s.addAll(StepRecipe.rollStages(h.rollingStages(), h.image()));
                // Helm re-applies the chart's own settings (minReadySeconds, labels): wait for that rollout too.
                s.add(sync(h.toChart().orElseThrow()));
                s.add(new WaitHealthy(List.of()));
            }
            case RECREATE -> {
                s.add(new CheckHealthy());
                s.add(upgrade(h.toChart().orElseThrow()));
                s.add(new WaitHealthy(List.of()));
            }
            case META_MIGRATION -> {
                s.add(new CheckHealthy());
                s.add(new BackupMetadata());
                s.add(new StopComponents(h.before()));
                s.add(new WaitNoLiveSessions());
                s.add(new RunMetaMigration(h.from().version(), h.to().version(), h.rule().migrationImage().orElseThrow()));
                s.add(upgrade(h.toChart().orElseThrow()));
                s.add(new WaitHealthy(List.of()));
            }
            case TOPOLOGY_CHANGE -> {
                s.add(new CheckHealthy());
                s.add(new BackupMetadata());
                s.add(upgrade(h.toChart().orElseThrow()));
                if (!h.removed().isEmpty()) {
                    s.add(new VerifyRemoved(h.removed()));
                }
                s.add(new WaitHealthy(List.of()));
            }
            case DATA_MIGRATION -> {
                ChartChoice chart = h.toChart().orElseThrow();
                s.add(new InstallDeployment(h.to().version(), h.image(), Optional.of(chart.chartVersion())));
                s.add(new WaitHealthy(List.of()));
                s.add(new RunDataMigration(h.rule().tool().orElse("milvusdm"), h.from().version(), h.to().version()));
            }
            case ENABLE_MIXCOORD -> {
                // The 2.6 Helm guide, step 2: one helm upgrade with mixCoordinator on and each old coordinator off.
                s.add(new CheckHealthy());
                s.add(upgrade(h.toChart().orElseThrow()));
                s.add(new VerifyRemoved(h.coordinators().stream().filter(c -> c != Component.MIXCOORD).toList()));
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
            case ROLLING -> {
                s.addAll(StepRecipe.rollStages(StepRecipe.reversed(h.rollingStages()), h.oldImage()));
                h.fromChart().ifPresent(c -> s.add(sync(c)));
                s.add(new WaitHealthy(List.of()));
            }
            case RECREATE -> {
                h.fromChart().ifPresent(c -> s.add(upgrade(c)));
                s.add(new WaitHealthy(List.of()));
            }
            case META_MIGRATION, TOPOLOGY_CHANGE -> {
                s.add(new StopComponents(h.after()));
                s.add(new WaitNoLiveSessions());
                s.add(new RestoreMetadata());
                h.fromChart().ifPresent(c -> s.add(upgrade(c)));
                s.add(new WaitHealthy(List.of()));
            }
            case DATA_MIGRATION -> s.add(new UninstallDeployment(h.to().version()));
            case ENABLE_MIXCOORD -> {
                // Back to the separate coordinators, as the release ran them before the hop.
                h.fromChart().ifPresent(c -> s.add(upgrade(c)));
                s.add(new WaitHealthy(List.of()));
            }
        }
        return s;
    }

    private static HelmUpgrade upgrade(ChartChoice c) {
        return new HelmUpgrade(c.chart(), c.chartVersion(), c.valuesMode(), c.set());
    }

    private static SyncHelmRelease sync(ChartChoice c) {
        return new SyncHelmRelease(c.chart(), c.chartVersion(), c.valuesMode(), c.set());
    }
}
