package io.milvusgitops.daemon.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.policy.path.Step.ValuesMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The production Helm client (native Helm 3 through helm-java) installs and upgrades the real Milvus chart archives
 * in the emulated API server: discovery, OpenAPI, protobuf release Secrets, strategic merge patches and deletes all
 * as a real API server answers them.
 */
class NativeHelmTest {

    static final Map<String, String> CLUSTER = Map.of("cluster.enabled", "true", "mixCoordinator.enabled", "true",
            "rootCoordinator.enabled", "false", "queryCoordinator.enabled", "false", "dataCoordinator.enabled", "false");

    @Test
    void installsAndUpgradesTheRealChartsRecordingTheReleaseAsHelmDoes() throws Exception {
        try (EmulatedKube kube = new EmulatedKube()) {
            kube.api().cluster().namespace("milvus");
            HelmJavaClient helm = kube.helm();
            helm.install("milvus", "search", "zilliztech/milvus", "4.1.36", CLUSTER);

            HelmObserver observer = new HelmObserver(kube.client());
            HelmRelease installed = observer.helmRelease("milvus", "search").orElseThrow();
            assertThat(installed.status()).isEqualTo("deployed");
            assertThat(installed.chartVersion()).isEqualTo("4.1.36");
            assertThat(installed.revision()).isEqualTo(1);
            assertThat(observer.observe("milvus", "search").versions()).extracting(Object::toString).containsOnly("2.4.5");

            helm.upgrade("milvus", "search", "zilliztech/milvus", "4.2.58", ValuesMode.RESET_THEN_REUSE, Map.of());
            HelmRelease upgraded = observer.helmRelease("milvus", "search").orElseThrow();
            assertThat(upgraded.revision()).isEqualTo(2);
            assertThat(upgraded.chartVersion()).isEqualTo("4.2.58");
            assertThat(upgraded.status()).isEqualTo("deployed");
            assertThat(upgraded.values()).as("--reset-then-reuse-values kept the user's values").containsKey("cluster");
            List<Deployment> deployments = kube.client().apps().deployments().inNamespace("milvus")
                    .withLabel("app.kubernetes.io/instance", "search").list().getItems();
            assertThat(deployments).isNotEmpty().allSatisfy(d ->
                    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("milvusdb/milvus:v2.5.16"));
            List<Secret> history = kube.client().secrets().inNamespace("milvus").withLabel("owner", "helm").withLabel("name", "search").list().getItems();
            assertThat(history).extracting(s -> s.getMetadata().getLabels().get("status")).containsExactlyInAnyOrder("superseded", "deployed");
            assertThat(history.stream().max(Comparator.comparing(s -> s.getMetadata().getName())).orElseThrow().getType()).isEqualTo("helm.sh/release.v1");
        }
    }
}
