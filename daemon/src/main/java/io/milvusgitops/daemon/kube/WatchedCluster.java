package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A watch-fed cache of what the observers read in one cluster: per namespace that holds a target, an
 * informer each for the Milvus Deployments, the Helm release Secrets and the ConfigMaps (the release's
 * {@code user.yaml}, the upgrade records), and one for the Milvus Operator's {@code Milvus} resources where a target is one. After the first list, a steady-state pass costs no API
 * request, and every change in those objects calls {@code onChange} (the daemon then asks for a pass).
 * A namespace is watched from the first read of it on; a failed start (no watch permission, the
 * cluster unreachable) fails that read and is tried again at the next.
 *
 * <p>The Helm release Secrets are cached as {@code helmRelease} cuts them down (the driver that reads them knows what
 * it needs): a release Secret holds the whole chart and its rendered manifest, far more than an observer reads. The
 * Deployments are cached as {@link ObservedDeployments} cuts them down: their pod templates are most of them, and the
 * observers read only the first container's image.
 */
public final class WatchedCluster implements KubeReads, AutoCloseable {

    /** How long a store is still read while its watch reconnects ({@link WatchGap}). */
    public static final Duration RECONNECT_GRACE = Duration.ofSeconds(30);

    private record Informers(SharedIndexInformer<Deployment> deployments, SharedIndexInformer<Secret> secrets,
                             SharedIndexInformer<ConfigMap> configMaps, WatchGap gap) {
        void stop() {
            deployments.stop();
            secrets.stop();
            configMaps.stop();
        }

        /** Every watch is open (the stores follow the cluster), or one has been reconnecting for less than the grace. */
        boolean readable() {
            return gap.readable(deployments.isWatching() && secrets.isWatching() && configMaps.isWatching(), System.nanoTime());
        }

        /**
         * An informer gave up (permission revoked, the API server gone for long): its store no longer changes. One that
         * has not opened its watch yet, or reconnects, has not.
         */
        boolean ended() {
            return Stream.of(deployments, secrets, configMaps).anyMatch(i -> i.stopped().toCompletableFuture().isDone());
        }
    }

    private final KubernetesClient client;
    private final KubeReads direct;
    private final Runnable onChange;
    private final UnaryOperator<Secret> helmRelease;
    private final Map<String, Informers> namespaces = new ConcurrentHashMap<>();
    /** Milvus resources, watched only in the namespaces where a target is one (and only where the operator's CRD is). */
    private final Map<String, MilvusInformer> milvuses = new ConcurrentHashMap<>();
    private final Duration grace;
    /** Starting informers blocks on the first list: a lock, not computeIfAbsent, so no virtual thread is pinned. */
    private final ReentrantLock starting = new ReentrantLock();

    private record MilvusInformer(SharedIndexInformer<GenericKubernetesResource> informer, WatchGap gap) {
    }

    /**
     * {@code helmRelease}: what the cache keeps of a Helm release Secret (the identity keeps it whole); {@code grace}: how
     * long a store is still read while its watch reconnects ({@link #RECONNECT_GRACE} in the daemon).
     */
    public WatchedCluster(KubernetesClient client, Runnable onChange, UnaryOperator<Secret> helmRelease, Duration grace) {
        this.client = client;
        this.grace = grace;
        this.direct = KubeReads.direct(client);
        this.onChange = onChange;
        this.helmRelease = helmRelease;
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

    @Override
    public Optional<GenericKubernetesResource> milvus(String namespace, String name) {
        MilvusInformer m;
        try {
            m = started(milvuses, namespace, ns -> new MilvusInformer(client.genericKubernetesResources(OperatorKinds.MILVUS).inNamespace(ns)
                    .inform(handler(changed()), 0), new WatchGap(grace)));
        } catch (KubernetesClientException e) {
            return direct.milvus(namespace, name); // no CRD (the first list fails): there is nothing to watch, a read says so
        }
        SharedIndexInformer<GenericKubernetesResource> i = m.informer();
        if (i.stopped().toCompletableFuture().isDone()) {
            if (milvuses.remove(namespace, m)) i.stop();
        } else if (m.gap().readable(i.isWatching(), System.nanoTime())) {
            return Optional.ofNullable(i.getStore().getByKey(namespace + "/" + name));
        }
        return direct.milvus(namespace, name);
    }

    /**
     * The informers of {@code namespace} while they watch, or have been reconnecting for less than the grace. Otherwise
     * this read goes to the API server: once a watch has ended for good, the informers are stopped and the next read
     * starts them again.
     */
    private Optional<Informers> watching(String namespace) {
        Informers i = watch(namespace);
        if (i.ended()) {
            if (namespaces.remove(namespace, i)) i.stop();
            return Optional.empty();
        }
        return i.readable() ? Optional.of(i) : Optional.empty();
    }

    private Informers watch(String namespace) {
        return started(namespaces, namespace, this::start);
    }

    /** The informers of {@code namespace} in {@code map}, started by the first read of it (one start at a time). */
    private <I> I started(Map<String, I> map, String namespace, Function<String, I> start) {
        I known = map.get(namespace);
        if (known != null) return known;
        starting.lock();
        try {
            I again = map.get(namespace);
            if (again != null) return again;
            I started = start.apply(namespace);
            map.put(namespace, started);
            return started;
        } finally {
            starting.unlock();
        }
    }

    private ResourceEventHandler<HasMetadata> changed() {
        return new ResourceEventHandler<>() {
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
    }

    private Informers start(String ns) {
        ResourceEventHandler<HasMetadata> changed = changed();
        // inform() returns after the first list: the cache is complete from the first read on.
        SharedIndexInformer<Deployment> d = client.apps().deployments().inNamespace(ns).withLabel(MilvusLabels.NAME, "milvus")
                .runnableInformer(0).itemStore(new Kept<>(ObservedDeployments::keepingWhatTheObserversRead)).addEventHandler(handler(changed))
                .run();
        SharedIndexInformer<Secret> s = null;
        try {
            s = client.secrets().inNamespace(ns).withLabel("owner", "helm").runnableInformer(0).itemStore(new Kept<>(helmRelease))
                    .addEventHandler(handler(changed)).run();
            SharedIndexInformer<ConfigMap> c = client.configMaps().inNamespace(ns).inform(handler(changed), 0);
            return new Informers(d, s, c, new WatchGap(grace));
        } catch (RuntimeException e) {
            d.stop();
            if (s != null) s.stop();
            throw e;
        }
    }

    /** An informer's store that keeps {@code keep}'s version of each object (the handlers still see the object whole). */
    private static final class Kept<T extends HasMetadata> extends BasicItemStore<T> {
        private final UnaryOperator<T> keep;

        Kept(UnaryOperator<T> keep) {
            super(Cache::metaNamespaceKeyFunc);
            this.keep = keep;
        }

        @Override
        public T put(String key, T object) {
            return super.put(key, keep.apply(object));
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
        milvuses.values().forEach(m -> m.informer().stop());
        milvuses.clear();
    }
}
