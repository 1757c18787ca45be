package io.milvusgitops.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    @Test
    void aGroupsPreferredVersionIsTheMostStableAsTheApiServerOrdersThem() {
        List<String> versions = new ArrayList<>(List.of("v1alpha1", "foo", "v1beta1", "v2beta1", "v1", "v11alpha2", "v2", "v1beta2"));
        versions.sort(Discovery.KUBE_VERSION_PRIORITY);
        assertThat(versions).containsExactly("v2", "v1", "v2beta1", "v1beta2", "v1beta1", "v11alpha2", "v1alpha1", "foo");
    }
}
