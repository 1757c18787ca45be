package io.milvusgitops.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.milvusgitops.daemon.testing.EmulatedCluster;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.simulator.kube.ApiServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An API server ends every watch now and then, and the client opens the next one a moment later. Meanwhile the daemon
 * reads the stores (they hold what the cluster held when the watch ended) for a short grace, and asks the API server
 * again only when a watch stays down longer: then the answer, or its failure, is what the observers see.
 */
class WatchedClusterTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @Test
    void aWatchThatCannotReopenIsReadThroughItsStoreForTheGraceAndThenNoLonger() throws Exception {
        etcd.clear("by-dev");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofMillis(100))) {
            cluster.install("dev", "milvus", "4.1.36");
            try (WatchedCluster watched = new WatchedCluster(cluster.client(), () -> { }, s -> s, Duration.ofSeconds(3))) {
                List<Deployment> cached = watched.deployments("dev", Map.of());
                assertThat(cached).as("the release's Deployments").isNotEmpty();
                String configMap = cluster.client().configMaps().inNamespace("dev").list().getItems().getFirst().getMetadata().getName();
                Thread.sleep(1_000); // the watches open after the first lists

                // From now on the API server refuses every request about the namespace: no watch reopens, no direct read works.
                cluster.api().intercept(new ApiServer.Interceptor() {
                    @Override
                    public int before(String method, String path) {
                        return path.contains("/namespaces/dev/") ? 503 : 0;
                    }
                });
                cluster.api().endWatches();
                Thread.sleep(1_500); // every watch has ended (within a second)
                assertThat(watched.deployments("dev", Map.of())).as("read from the store while the watch reconnects").hasSameSizeAs(cached);
                assertThat(watched.configMap("dev", configMap)).as("the other stores of the namespace too").isPresent();

                Thread.sleep(3_500); // past the grace
                assertThatThrownBy(() -> watched.deployments("dev", Map.of())).as("past the grace, the API server is asked again")
                        .isInstanceOf(KubernetesClientException.class);
            }
        }
    }
}
