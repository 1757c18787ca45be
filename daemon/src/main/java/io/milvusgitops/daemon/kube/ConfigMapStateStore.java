package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.milvusgitops.daemon.record.RecordJson;
import io.milvusgitops.daemon.record.StateStore;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.policy.fleet.TargetKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Upgrade records of Kubernetes targets in a ConfigMap beside the target
 * ({@code milvus-gitops-<release>} in its namespace): the record lives and dies with the cluster it
 * describes, and a new leader in another pod finds it. Updates carry the resourceVersion they read.
 */
public final class ConfigMapStateStore implements StateStore {

    public static final String KEY = "upgrade-record.json";
    private final KubernetesClient client;
    private final KubeReads cache;
    private final String namespace;

    public ConfigMapStateStore(KubernetesClient client, String namespace) {
        this(client, KubeReads.direct(client), namespace);
    }

    /** {@code cache} serves {@link #peek}: a watch-fed cache makes observing a target's record free. */
    public ConfigMapStateStore(KubernetesClient client, KubeReads cache, String namespace) {
        this.client = client;
        this.cache = cache;
        this.namespace = namespace;
    }

    /** The ConfigMap that holds the record of {@code target} ("environment/target"); Events about the upgrade name it too. */
    public static String name(TargetKey target) {
        String n = "milvus-gitops-" + target.toString().replaceAll("[^a-z0-9-]", "-");
        return n.length() > 63 ? n.substring(0, 63) : n;
    }

    @Override
    public Optional<UpgradeRecord> load(TargetKey target) throws IOException {
        ConfigMap cm = get(target);
        if (cm == null || cm.getData() == null || !cm.getData().containsKey(KEY)) return Optional.empty();
        return Optional.of(RecordJson.read(cm.getData().get(KEY).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<UpgradeRecord> peek(TargetKey target) throws IOException {
        ConfigMap cm;
        try {
            cm = cache.configMap(namespace, name(target)).orElse(null);
        } catch (KubernetesClientException e) {
            throw new IOException("cannot read the upgrade record of " + target + ": " + KubeFailures.describe(e), e);
        }
        if (cm == null || cm.getData() == null || !cm.getData().containsKey(KEY)) return Optional.empty();
        return Optional.of(RecordJson.read(cm.getData().get(KEY).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void save(TargetKey target, UpgradeRecord record) throws IOException {
        String json = new String(RecordJson.write(record), StandardCharsets.UTF_8);
        try {
            ConfigMap current = get(target);
            if (current == null) {
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(name(target))
                        .withNamespace(namespace).addToLabels("app.kubernetes.io/managed-by", "milvus-gitops").endMetadata()
                        .addToData(KEY, json).build()).create();
            } else {
                // Sent with the resourceVersion read above, so the API server can refuse a write over a concurrent one (409).
                current.getData().put(KEY, json);
                client.configMaps().inNamespace(namespace).resource(current).update();
            }
        } catch (KubernetesClientException e) {
            throw new IOException("cannot save the upgrade record of " + target + " in ConfigMap " + namespace + "/" + name(target)
                    + ": " + KubeFailures.describe(e), e);
        }
    }

    @Override
    public void clear(TargetKey target) throws IOException {
        try {
            client.configMaps().inNamespace(namespace).withName(name(target)).delete();
        } catch (KubernetesClientException e) {
            throw new IOException("cannot delete the upgrade record of " + target + ": " + KubeFailures.describe(e), e);
        }
    }

    private ConfigMap get(TargetKey target) throws IOException {
        try {
            return client.configMaps().inNamespace(namespace).withName(name(target)).get();
        } catch (KubernetesClientException e) {
            throw new IOException("cannot read the upgrade record of " + target + ": " + KubeFailures.describe(e), e);
        }
    }
}
