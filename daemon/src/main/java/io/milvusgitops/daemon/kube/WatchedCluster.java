package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A watch-fed cache of what the observers read in one cluster: per namespace that holds a target, an
 * informer each for the Milvus Deployments, the Helm release Secrets and the ConfigMaps (the release's
 * {@code user.yaml}, the upgrade records). After the first list, a steady-state pass costs no API
 * request, and every change in those objects calls {@code onChange} (the daemon then asks for a pass).
 * A namespace is watched from the first read of it on; a failed start (no watch permission, the
 * cluster unreachable) fails that read and is tried again at the next.
 */
public final class WatchedCluster implements KubeReads, AutoCloseable {

    private record Informers(SharedIndexInformer<Deployment> deployments, SharedIndexInformer<Secret> secrets,
                             SharedIndexInformer<ConfigMap> configMaps) {
        void stop() {
            deployments.stop();
            secrets.stop();
            configMaps.stop();
        }
    }

    private final KubernetesClient client;
    private final Runnable onChange;
    private final Map<String, Informers> namespaces = new ConcurrentHashMap<>();

    public WatchedCluster(KubernetesClient client, Runnable onChange) {
        this.client = client;
        this.onChange = onChange;
    }

    @Override
    public List<Deployment> deployments(String namespace, Map<String, String> labels) {
        return matching(watch(namespace).deployments().getStore().list(), namespace, labels);
    }

    @Override
    public List<Secret> secrets(String namespace, Map<String, String> labels) {
        return matching(watch(namespace).secrets().getStore().list(), namespace, labels);
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(watch(namespace).configMaps().getStore().getByKey(namespace + "/" + name));
    }

    private Informers watch(String namespace) {
        return namespaces.computeIfAbsent(namespace, ns -> {
            ResourceEventHandler<HasMetadata> changed = new ResourceEventHandler<>() {
                public void onAdd(HasMetadata o) {
                    onChange.run();
                }

                public void onUpdate(HasMetadata before, HasMetadata after) {
                    onChange.run();
                }

                public void onDelete(HasMetadata o, boolean finalStateUnknown) {
                    onChange.run();
                }
            };
            // inform() returns after the first list: the cache is complete from the first read on.
            SharedIndexInformer<Deployment> d = client.apps().deployments().inNamespace(ns).withLabel(MilvusObserver.NAME, "milvus")
                    .inform(handler(changed), 0);
            SharedIndexInformer<Secret> s = null;
            try {
                s = client.secrets().inNamespace(ns).withLabel("owner", "helm").inform(handler(changed), 0);
                SharedIndexInformer<ConfigMap> c = client.configMaps().inNamespace(ns).inform(handler(changed), 0);
                return new Informers(d, s, c);
            } catch (RuntimeException e) {
                d.stop();
                if (s != null) s.stop();
                throw e;
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> ResourceEventHandler<T> handler(ResourceEventHandler<HasMetadata> h) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
    }

    private static <T extends HasMetadata> List<T> matching(List<T> items, String namespace, Map<String, String> labels) {
        return items.stream().filter(i -> namespace.equals(i.getMetadata().getNamespace()))
                .filter(i -> labels.entrySet().stream().allMatch(l -> i.getMetadata().getLabels() != null
                        && l.getValue().equals(i.getMetadata().getLabels().get(l.getKey()))))
                .toList();
    }

    @Override
    public void close() {
        namespaces.values().forEach(Informers::stop);
        namespaces.clear();
    }
}
