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
import java.util.concurrent.locks.ReentrantLock;

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

        /** A watch that ended (permission revoked, the API server gone for long) leaves a store that no longer changes. */
        boolean watching() {
            return deployments.isWatching() && secrets.isWatching() && configMaps.isWatching();
        }
    }

    private final KubernetesClient client;
    private final KubeReads direct;
    private final Runnable onChange;
    private final Map<String, Informers> namespaces = new ConcurrentHashMap<>();
    /** Starting informers blocks on the first list: a lock, not computeIfAbsent, so no virtual thread is pinned. */
    private final ReentrantLock starting = new ReentrantLock();

    public WatchedCluster(KubernetesClient client, Runnable onChange) {
        this.client = client;
        this.direct = KubeReads.direct(client);
        this.onChange = onChange;
    }

    @Override
    public List<Deployment> deployments(String namespace, Map<String, String> labels) {
        return watching(namespace).map(i -> matching(i.deployments().getStore().list(), namespace, labels))
                .orElseGet(() -> direct.deployments(namespace, labels));
    }

    @Override
    public List<Secret> secrets(String namespace, Map<String, String> labels) {
        return watching(namespace).map(i -> matching(i.secrets().getStore().list(), namespace, labels))
                .orElseGet(() -> direct.secrets(namespace, labels));
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        Optional<Informers> i = watching(namespace);
        return i.isPresent() ? Optional.ofNullable(i.get().configMaps().getStore().getByKey(namespace + "/" + name))
                : direct.configMap(namespace, name);
    }

    /**
     * The informers of {@code namespace} while they watch; empty when their watch has ended: then this
     * read goes to the API server (never a frozen cache), and the next one starts the informers again.
     */
    private Optional<Informers> watching(String namespace) {
        Informers i = watch(namespace);
        if (i.watching()) return Optional.of(i);
        if (namespaces.remove(namespace, i)) i.stop();
        return Optional.empty();
    }

    private Informers watch(String namespace) {
        Informers known = namespaces.get(namespace);
        if (known != null) return known;
        starting.lock();
        try {
            Informers again = namespaces.get(namespace);
            if (again != null) return again;
            Informers started = start(namespace);
            namespaces.put(namespace, started);
            return started;
        } finally {
            starting.unlock();
        }
    }

    private Informers start(String ns) {
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
        SharedIndexInformer<Deployment> d = client.apps().deployments().inNamespace(ns).withLabel(MilvusLabels.NAME, "milvus")
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
