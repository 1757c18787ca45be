package io.milvusgitops.daemon.helm;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.kube.ComponentState;
import io.milvusgitops.daemon.kube.KubeReads;
import io.milvusgitops.daemon.kube.MilvusLabels;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.target.PulsarVersion;
import java.io.IOException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads a Helm-installed Milvus: the newest Helm release Secret, and the Deployments labelled
 * {@code app.kubernetes.io/instance=<release>, app.kubernetes.io/name=milvus} (as rollingUpdate.sh
 * finds them). Observing never changes anything.
 */
public final class HelmObserver {

    public static final String DEFAULT_ROOT_PATH = "by-dev";
    private static final Pattern RENDERED_QUEUE = Pattern.compile("(?m)^messageQueue:\\s*\"?(\\w+)\"?\\s*$");

    private final KubeReads reads;

    /** Reads straight from the API server: what a step needs to see its own writes. */
    public HelmObserver(KubernetesClient client) {
        this(KubeReads.direct(client));
    }

    /** Reads through {@code reads}: a watch-fed cache when observing the fleet on every pass. */
    public HelmObserver(KubeReads reads) {
        this.reads = reads;
    }

    public ObservedRelease observe(String namespace, String release) throws IOException {
        Optional<HelmRelease> helm = helmRelease(namespace, release);
        Map<Component, ComponentState> components = new EnumMap<>(Component.class);
        for (Deployment d : reads.deployments(namespace, Map.of(MilvusLabels.INSTANCE, release, MilvusLabels.NAME, "milvus"))) {
            String label = d.getMetadata().getLabels().getOrDefault(MilvusLabels.COMPONENT, "");
            Optional<Component> c = Named.byId(Component.class, label);
            if (c.isEmpty()) continue; // an add-on the chart may render (attu, say): not a Milvus component
            components.put(c.get(), ComponentState.of(c.get(), d));
        }
        DeployMode mode = components.containsKey(Component.STANDALONE) ? DeployMode.STANDALONE : DeployMode.CLUSTER;
        MessageQueue mq = mode == DeployMode.STANDALONE ? rendered(namespace, release).flatMap(HelmObserver::standaloneQueue)
                .orElse(messageQueue(helm, mode)) : messageQueue(helm, mode);
        Layout layout = Layout.UNKNOWN;
        Optional<PulsarVersion> pulsar = mq == MessageQueue.PULSAR ? pulsar(helm, namespace, release) : Optional.empty();
        if (pulsar.isPresent()) layout = layout.withPulsar(pulsar.get());
        Optional<Coordinators> coordinators = mode == DeployMode.CLUSTER ? coordinators(components.keySet()) : Optional.empty();
        if (coordinators.isPresent()) layout = layout.withCoordinators(coordinators.get());
        return new ObservedRelease(namespace, release, helm, components, mode, mq, etcdRootPath(namespace, release), layout);
    }

    /** Milvus's configuration as the chart rendered it: the {@code default.yaml} of the release's ConfigMap. */
    private Optional<String> rendered(String namespace, String release) {
        var cm = reads.configMap(namespace, ChartNames.fullname(release)).orElse(null);
        return cm == null || cm.getData() == null ? Optional.empty() : Optional.ofNullable(cm.getData().get("default.yaml"));
    }

    /**
     * A standalone's queue as the chart decided it: the last {@code messageQueue:} the chart rendered (it writes the
     * standalone's own queue after the external ones). Chart 5.x defaults a standalone to Woodpecker, and keeps an
     * upgraded release on what it ran; the values alone cannot tell.
     */
    static Optional<MessageQueue> standaloneQueue(String rendered) {
        Matcher m = RENDERED_QUEUE.matcher(rendered);
        String last = null;
        while (m.find()) last = m.group(1);
        return last == null ? Optional.empty() : Named.byId(MessageQueue.class, last);
    }

    /** MixCoord when its Deployment exists; the separate coordinators when theirs do. */
    static Optional<Coordinators> coordinators(Set<Component> running) {
        if (running.contains(Component.MIXCOORD)) return Optional.of(Coordinators.MIXCOORD);
        if (running.contains(Component.ROOTCOORD) || running.contains(Component.QUERYCOORD) || running.contains(Component.DATACOORD)) {
            return Optional.of(Coordinators.SEPARATE);
        }
        return Optional.empty();
    }

    /**
     * Which Pulsar the release runs: what its values enable (the chart renders {@code pulsar} before {@code pulsarv3}
     * when both are on), else what the chart rendered into Milvus's configuration ({@code <release>-pulsarv3-proxy} or
     * {@code <release>-pulsar-proxy}: the chart's default decided). Empty for an external Pulsar, or when neither shows.
     */
    Optional<PulsarVersion> pulsar(Optional<HelmRelease> helm, String namespace, String release) {
        Map<String, Object> values = helm.map(HelmRelease::values).orElse(Map.of());
        if (enabled(values, "externalPulsar")) return Optional.empty();
        if (enabled(values, "pulsar")) return Optional.of(PulsarVersion.V2);
        if (enabled(values, "pulsarv3")) return Optional.of(PulsarVersion.V3);
        String rendered = rendered(namespace, release).orElse("");
        if (rendered.contains("-pulsarv3-proxy")) return Optional.of(PulsarVersion.V3);
        if (rendered.contains("-pulsar-proxy")) return Optional.of(PulsarVersion.V2);
        return Optional.empty();
    }

    /** {@code etcd.rootPath} of the release's {@code user.yaml} (the chart's place for Milvus settings), else Milvus's default. */
    String etcdRootPath(String namespace, String release) {
        var cm = reads.configMap(namespace, ChartNames.fullname(release)).orElse(null);
        String user = cm == null || cm.getData() == null ? null : cm.getData().get("user.yaml");
        if (user == null || user.isBlank()) return DEFAULT_ROOT_PATH;
        try {
            Object doc = new Load(LoadSettings.builder().build()).loadFromString(user);
            if (doc instanceof Map<?, ?> m && m.get("etcd") instanceof Map<?, ?> etcd && etcd.get("rootPath") != null) {
                return etcd.get("rootPath").toString();
            }
        } catch (RuntimeException e) {
            // a user.yaml Milvus itself could not read: the default is what Milvus would fall back to
        }
        return DEFAULT_ROOT_PATH;
    }

    /** The Deployment of one component, if the release runs it. */
    public Optional<Deployment> deployment(String namespace, String release, Component component) {
        return reads.deployments(namespace, Map.of(MilvusLabels.INSTANCE, release, MilvusLabels.NAME, "milvus", MilvusLabels.COMPONENT, component.id())).stream().findFirst();
    }

    public Optional<HelmRelease> helmRelease(String namespace, String release) throws IOException {
        Optional<Secret> newest = newestRevision(namespace, release);
        return newest.isEmpty() ? Optional.empty() : Optional.of(HelmReleaseCodec.decode(newest.get().getData().get("release")));
    }

    /** The Secret of the release's newest revision (the highest {@code version} label), if it holds a release record. */
    Optional<Secret> newestRevision(String namespace, String release) {
        return reads.secrets(namespace, Map.of("owner", "helm", "name", release)).stream()
                .max(Comparator.comparingInt(s -> Integer.parseInt(s.getMetadata().getLabels().getOrDefault("version", "0"))))
                .filter(s -> s.getData() != null && s.getData().containsKey("release"));
    }

    /** The message queue from the release's values: what the user enabled, else the chart's default for the mode. */
    static MessageQueue messageQueue(Optional<HelmRelease> helm, DeployMode mode) {
        Map<String, Object> values = helm.map(HelmRelease::values).orElse(Map.of());
        if (enabled(values, "kafka") || enabled(values, "externalKafka")) return MessageQueue.KAFKA;
        if (enabled(values, "woodpecker")) return MessageQueue.WOODPECKER;
        if (enabled(values, "natsmq")) return MessageQueue.NATSMQ;
        if (enabled(values, "pulsar") || enabled(values, "pulsarv3") || enabled(values, "externalPulsar")) return MessageQueue.PULSAR;
        return mode == DeployMode.STANDALONE ? MessageQueue.ROCKSMQ : MessageQueue.PULSAR;
    }

    private static boolean enabled(Map<String, Object> values, String key) {
        return values.get(key) instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("enabled"));
    }
}
