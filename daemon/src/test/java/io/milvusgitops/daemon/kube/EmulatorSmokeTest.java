package io.milvusgitops.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.milvusgitops.daemon.testing.EmulatedKube;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EmulatorSmokeTest {

    @Test
    void crudAndGenerationBumps() {
        try (EmulatedKube k = new EmulatedKube("ns")) {
            Deployment d = new DeploymentBuilder().withNewMetadata().withName("x").withNamespace("ns").endMetadata()
                    .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("a:1")
                    .endContainer().endSpec().endTemplate().endSpec().build();
            k.client().apps().deployments().inNamespace("ns").resource(d).create();
            Long g1 = k.client().apps().deployments().inNamespace("ns").withName("x").get().getMetadata().getGeneration();
            k.client().apps().deployments().inNamespace("ns").withName("x").edit(x -> {
                x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("a:2");
                return x;
            });
            Deployment after = k.client().apps().deployments().inNamespace("ns").withName("x").get();
            assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("a:2");
            assertThat(after.getMetadata().getGeneration()).isGreaterThan(g1 == null ? 0 : g1);
        }
    }

    @Test
    @Timeout(30)
    void healthzBehindTheServiceProxy() {
        try (EmulatedKube k = new EmulatedKube("ns")) {
            Healthz h = new Healthz(k.client());
            assertThat(h.problem("ns", "r-milvus")).hasValueSatisfying(p -> assertThat(p).contains("503"));
            k.healthz("ns", "r-milvus", true);
            assertThat(h.problem("ns", "r-milvus")).isEmpty();
            k.healthz("ns", "r-milvus", false);
            assertThat(h.problem("ns", "r-milvus")).hasValueSatisfying(p -> assertThat(p).contains("500"));
        }
    }
}
