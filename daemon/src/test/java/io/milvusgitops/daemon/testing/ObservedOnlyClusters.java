package io.milvusgitops.daemon.testing;

import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.runtime.Clusters;
import io.milvusgitops.policy.path.Step.ValuesMode;
import java.util.Map;

/**
 * Every context is one cluster and one etcd that a test only observes: a call to Helm fails the test with
 * {@code why}, since a pass over a fleet in sync never changes a release.
 */
public record ObservedOnlyClusters(KubernetesClient client, Client etcd, String why) implements Clusters {

    @Override
    public KubernetesClient client(String context) {
        return client;
    }

    @Override
    public HelmClient helm(String context) {
        return new HelmClient() {
            public void upgrade(String ns, String release, String chart, String version, ValuesMode values, Map<String, String> set) {
                throw new AssertionError(why);
            }

            public void install(String ns, String release, String chart, String version, Map<String, String> set) {
                throw new AssertionError(why);
            }

            public void uninstall(String ns, String release) {
                throw new AssertionError(why);
            }
        };
    }

    @Override
    public Client etcd(String context) {
        return etcd;
    }

    @Override
    public void close() {
    }
}
