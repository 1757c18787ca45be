package io.milvusgitops.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Named;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watch-fed cache keeps of a Milvus Deployment what the observers read, and not its pod template's bulk. */
class ObservedDeploymentsTest {

    static final Map<String, String> CLUSTER = Map.of("cluster.enabled", "true", "mixCoordinator.enabled", "true",
            "rootCoordinator.enabled", "false", "queryCoordinator.enabled", "false", "dataCoordinator.enabled", "false");

    @Test
    void theChartsDeploymentsAreCutDownToWhatTheObserversReadAndObserveTheSame() throws Exception {
        try (EmulatedKube kube = new EmulatedKube("milvus")) {
            kube.helm().install("milvus", "search", "zilliztech/milvus", "4.1.36", CLUSTER);
            List<Deployment> deployments = kube.client().apps().deployments().inNamespace("milvus").withLabel(MilvusLabels.NAME, "milvus")
                    .list().getItems();
            assertThat(deployments).hasSizeGreaterThanOrEqualTo(6);
            for (Deployment listed : deployments) {
                // A rollout half done, so that every status field the observers read differs from its default; and the
                // field-manager records a real API server adds to every object.
                Deployment whole = new DeploymentBuilder(listed).editMetadata().withGeneration(3L)
                        .addToManagedFields(new ManagedFieldsEntryBuilder().withManager("helm").withOperation("Update").build()).endMetadata().withNewStatus()
                        .withObservedGeneration(2L).withReplicas(2).withUpdatedReplicas(1).withReadyReplicas(1).endStatus().build();
                Component c = Named.byId(Component.class, whole.getMetadata().getLabels().get(MilvusLabels.COMPONENT)).orElseThrow();

                Deployment kept = ObservedDeployments.keepingWhatTheObserversRead(whole);

                assertThat(ComponentState.of(c, kept)).isEqualTo(ComponentState.of(c, whole));
                assertThat(kept.getMetadata()).usingRecursiveComparison().ignoringFields("managedFields").isEqualTo(whole.getMetadata());
                assertThat(kept.getMetadata().getManagedFields()).as("no field-manager records").isNullOrEmpty();
                assertThat(kept.getSpec().getReplicas()).isEqualTo(whole.getSpec().getReplicas());
                assertThat(kube.client().getKubernetesSerialization().asJson(kept).length()).as("no volumes, probes, environment: " + whole.getMetadata().getName())
                        .isLessThan(kube.client().getKubernetesSerialization().asJson(whole).length() / 2);
                assertThat(whole.getSpec().getTemplate().getSpec().getVolumes()).as("the Deployment as listed is untouched").isNotEmpty();
            }
        }
    }

    @Test
    void aDeploymentWithoutAPodTemplateIsKeptAsItIs() {
        Deployment bare = new DeploymentBuilder().withNewMetadata().withName("search-milvus-proxy").endMetadata().withNewSpec().endSpec().build();

        assertThat(ObservedDeployments.keepingWhatTheObserversRead(bare)).isSameAs(bare);
    }
}
