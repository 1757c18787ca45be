package io.milvusgitops.daemon.helm;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.etcd.MetadataSteps;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.path.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 2.1 -> 2.2 meta migration as the guides run it: {@code milvusdb/meta-migration} with its
 * {@code migration.yaml} (from a ConfigMap) against the release's etcd, as a Job. Named after the hop,
 * so that a repeated step finds its Job instead of starting a second one.
 */
final class MetaMigrationJob {

    private final KubernetesClient client;

    MetaMigrationJob(KubernetesClient client) {
        this.client = client;
    }

    StepOutcome run(StepContext ctx, Location.HelmRelease where, Step.RunMetaMigration s, Clock clock, Duration recheck) {
        String name = (where.release() + "-meta-migration-" + Integer.toHexString(ctx.hopId().hashCode())).toLowerCase(Locale.ROOT);
        Job job = client.batch().v1().jobs().inNamespace(where.namespace()).withName(name).get();
        if (job == null) {
            client.configMaps().inNamespace(where.namespace()).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .withNamespace(where.namespace()).addToLabels("app.kubernetes.io/managed-by", "milvus-gitops").endMetadata()
                    .withData(Map.of("migration.yaml", migrationYaml(where, s, ctx.target().etcdRootPath()))).build()).createOr(c -> c.update());
            client.batch().v1().jobs().inNamespace(where.namespace()).resource(new JobBuilder().withNewMetadata().withName(name)
                    .withNamespace(where.namespace()).addToLabels("app.kubernetes.io/managed-by", "milvus-gitops")
                    .addToLabels("milvus-gitops.io/step", "meta-migration").endMetadata()
                    .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("meta-migration").withImage(s.toolImage())
                    .withCommand("/milvus/bin/meta-migration", "-config=/milvus/configs/migration.yaml")
                    .addNewVolumeMount().withName("config").withMountPath("/milvus/configs/migration.yaml").withSubPath("migration.yaml").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("config").withNewConfigMap().withName(name).endConfigMap().endVolume()
                    .endSpec().endTemplate().endSpec().build()).create();
            return new StepOutcome.InProgress(recheck, "meta migration Job " + name + " started");
        }
        return JobProgress.of(job, "meta migration", "meta migration " + s.source() + " -> " + s.target() + " succeeded (Job " + name + ")", ctx, clock, recheck);
    }

    /** migration.yaml with the release's etcd service. */
    static String migrationYaml(Location.HelmRelease where, Step.RunMetaMigration s, String rootPath) {
        return MetadataSteps.migrationYaml(s, List.of(where.release() + "-etcd." + where.namespace() + ":2379"), rootPath);
    }
}
