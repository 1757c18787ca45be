package io.milvusgitops.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.milvusgitops.daemon.testing.KubeEmulator;
import org.junit.jupiter.api.Test;

class EmulatorSmokeTest {

    @Test
    void crudAndGenerationBumps() {
        try (KubeEmulator k = new KubeEmulator()) {
            Deployment d = new DeploymentBuilder().withNewMetadata().withName("x").withNamespace("ns").endMetadata()
                    .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("a:1")
                    .endContainer().endSpec().endTemplate().endSpec().build();
            k.client().apps().deployments().inNamespace("ns").resource(d).create();
            Deployment got = k.client().apps().deployments().inNamespace("ns").withName("x").get();
            Long g1 = got.getMetadata().getGeneration();
            k.client().apps().deployments().inNamespace("ns").withName("x").edit(x -> {
                x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("a:2");
                return x;
            });
            Deployment after = k.client().apps().deployments().inNamespace("ns").withName("x").get();
            assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("a:2");
            System.out.println("generation " + g1 + " -> " + after.getMetadata().getGeneration());
            assertThat(after.getMetadata().getGeneration()).isGreaterThan(g1 == null ? 0 : g1);
        }
    }
}
