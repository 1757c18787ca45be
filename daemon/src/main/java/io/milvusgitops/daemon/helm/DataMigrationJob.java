package io.milvusgitops.daemon.helm;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.path.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The 1.x -> 2.x data copy with MilvusDM ({@code milvusdm --yaml M2M.yaml}, seed m2m_legacy.md), as a
 * Job beside the two deployments. The 1.x data is read from the old release's volume, read-only; the
 * old deployment itself is never touched. {@code mode: skip} makes a repeated run copy nothing twice.
 *
 * <p>MilvusDM publishes no container image; {@link #IMAGE} names the image the operator builds (pip
 * package pymilvusdm). Unconfirmed: the volume name of the 1.x chart ({@code <release>-milvus}) and that
 * an empty {@code source_collection} copies every collection.
 */
final class DataMigrationJob {

    static final String IMAGE = "milvus-gitops/milvusdm:2.0";

    private final KubernetesClient client;

    DataMigrationJob(KubernetesClient client) {
        this.client = client;
    }

    StepOutcome run(StepContext ctx, Location.HelmRelease where, String newRelease, Step.RunDataMigration s, Clock clock, Duration recheck) {
        String name = (where.release() + "-milvusdm-" + Integer.toHexString(ctx.hopId().hashCode())).toLowerCase(Locale.ROOT);
        Job job = client.batch().v1().jobs().inNamespace(where.namespace()).withName(name).get();
        if (job == null) {
            client.configMaps().inNamespace(where.namespace()).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                    .withNamespace(where.namespace()).addToLabels("app.kubernetes.io/managed-by", "milvus-gitops").endMetadata()
                    .withData(Map.of("M2M.yaml", m2m(s, newRelease, where.namespace()))).build()).createOr(c -> c.update());
            client.batch().v1().jobs().inNamespace(where.namespace()).resource(new JobBuilder().withNewMetadata().withName(name)
                    .withNamespace(where.namespace()).addToLabels("app.kubernetes.io/managed-by", "milvus-gitops")
                    .addToLabels("milvus-gitops.io/step", "data-migration").endMetadata()
                    .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                    .addNewContainer().withName("milvusdm").withImage(IMAGE).withCommand("milvusdm", "--yaml", "/milvusdm/M2M.yaml")
                    .addNewVolumeMount().withName("config").withMountPath("/milvusdm").endVolumeMount()
                    .addNewVolumeMount().withName("source").withMountPath("/var/lib/milvus").withReadOnly(true).endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("config").withNewConfigMap().withName(name).endConfigMap().endVolume()
                    .addNewVolume().withName("source").withNewPersistentVolumeClaim(ChartNames.fullname(where.release()), true).endVolume()
                    .endSpec().endTemplate().endSpec().build()).create();
            return new StepOutcome.InProgress(recheck, "MilvusDM Job " + name + " started");
        }
        return JobProgress.of(job, "MilvusDM", "data copied from " + s.source() + " to the new " + s.target() + " release " + newRelease, ctx, clock, recheck);
    }

    /** M2M.yaml as the guide writes it, aimed at the new release's proxy. */
    static String m2m(Step.RunDataMigration s, String newRelease, String namespace) {
        return """
                M2M:
                  milvus_version: %s
                  source_milvus_path: '/var/lib/milvus'
                  mysql_parameter:
                  source_collection:
                  dest_host: '%s.%s'
                  dest_port: 19530
                  mode: 'skip'
                """.formatted(s.target(), ChartNames.fullname(newRelease), namespace);
    }
}
