package io.milvusgitops.daemon.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.milvusgitops.daemon.testing.EmulatedKube;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watch-fed cache keeps of a Helm release Secret what the observer reads, and nothing of the chart it carries. */
class HelmReleaseSecretsTest {

    @Test
    void aRealReleaseSecretIsCutDownToWhatTheObserverReadsAndReadsTheSame() throws Exception {
        try (EmulatedKube kube = new EmulatedKube("milvus")) {
            kube.helm().install("milvus", "search", "zilliztech/milvus", "4.1.36", NativeHelmTest.CLUSTER);
            Secret whole = kube.client().secrets().inNamespace("milvus").withLabel("owner", "helm").list().getItems().get(0);

            Secret kept = HelmReleaseSecrets.keepingWhatTheObserverReads(whole);

            assertThat(HelmReleaseCodec.decode(kept.getData().get("release"))).isEqualTo(HelmReleaseCodec.decode(whole.getData().get("release")));
            assertThat(kept.getMetadata()).isEqualTo(whole.getMetadata());
            assertThat(kept.getData().get("release").length()).as("no chart templates, no manifest")
                    .isLessThan(whole.getData().get("release").length() / 10);
            assertThat(whole.getData().get("release").length()).as("the Secret as the API server has it is untouched").isGreaterThan(50_000);
        }
    }

    @Test
    void aSecretWhoseReleaseCannotBeReadIsKeptAsItIs() {
        Secret corrupt = new SecretBuilder().withNewMetadata().withName("sh.helm.release.v1.search.v1").endMetadata()
                .withData(Map.of("release", "bm90IGd6aXA=")).build();
        Secret empty = new SecretBuilder().withNewMetadata().withName("sh.helm.release.v1.search.v2").endMetadata().build();

        assertThat(HelmReleaseSecrets.keepingWhatTheObserverReads(corrupt)).isSameAs(corrupt);
        assertThat(HelmReleaseSecrets.keepingWhatTheObserverReads(empty)).isSameAs(empty);
    }
}
