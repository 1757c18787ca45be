package io.milvusgitops.daemon.simulation;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.helm.HelmObserver;
import io.milvusgitops.daemon.helm.HelmRelease;
import io.milvusgitops.daemon.helm.HelmReleaseCodec;
import io.milvusgitops.daemon.helm.NativeHelm;
import io.milvusgitops.daemon.helm.Values;
import io.milvusgitops.daemon.kube.MilvusLabels;
import io.milvusgitops.policy.path.Step.ValuesMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A simulated Helm for the {@link KubeEmulator}: renders the REAL Milvus chart with helm-java's {@code template}, applies
 * the Deployments, StatefulSets, ConfigMaps and Services, removes the Milvus Deployments the new
 * revision no longer renders, and records each revision as Helm does (a Secret
 * {@code sh.helm.release.v1.<name>.v<N>} labelled owner=helm). User values are kept flat
 * ({@code cluster.enabled=true}) and reused by upgrades, as {@code --reuse-values} does.
 */
public final class RenderingHelm implements HelmClient {

    private static final Set<String> APPLIED = Set.of("Deployment", "StatefulSet", "ConfigMap", "Service");

    private final KubernetesClient client;
    private final ChartArchives charts;
    private final HelmObserver observer;
    private int failNextUpgrades;

    public RenderingHelm(KubernetesClient client, ChartArchives charts) {
        this.client = client;
        this.charts = charts;
        this.observer = new HelmObserver(client);
    }

    /** The next {@code n} upgrades fail as Helm would on a bad chart (tests). */
    public void failNextUpgrades(int n) {
        failNextUpgrades = n;
    }

    @Override
    public void install(String namespace, String release, String chart, String chartVersion, Map<String, String> set) throws HelmException {
        apply(namespace, release, chartVersion, new LinkedHashMap<>(set), 1);
    }

    @Override
    public void upgrade(String namespace, String release, String chart, String chartVersion, ValuesMode values, Map<String, String> set)
            throws HelmException {
        if (failNextUpgrades > 0) {
            failNextUpgrades--;
            throw new HelmException("UPGRADE FAILED: simulated", null);
        }
        try {
            Optional<HelmRelease> current = observer.helmRelease(namespace, release);
            Map<String, String> user = new LinkedHashMap<>();
            current.ifPresent(r -> user.putAll(Values.flatten(r.values())));
            user.putAll(set);
            apply(namespace, release, chartVersion, user, current.map(r -> r.revision() + 1).orElse(1));
        } catch (IOException e) {
            throw new HelmException(e.getMessage(), e);
        }
    }

    @Override
    public void uninstall(String namespace, String release) {
        client.apps().deployments().inNamespace(namespace).withLabel(MilvusLabels.INSTANCE, release).delete();
        client.apps().statefulSets().inNamespace(namespace).withLabel(MilvusLabels.INSTANCE, release).delete();
        client.secrets().inNamespace(namespace).withLabel("owner", "helm").withLabel("name", release).delete();
    }

    private void apply(String namespace, String release, String chartVersion, Map<String, String> user, int revision) throws HelmException {
        String manifests;
        try {
            TemplateCommand t = new Helm(charts.chart(chartVersion)).template().withName(release).withNamespace(namespace);
            for (var e : user.entrySet()) t = t.set(e.getKey(), e.getValue());
            manifests = t.call();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw new HelmException("cannot render chart " + chartVersion + ": " + e.getMessage(), e);
        } finally {
            NativeHelm.afterCall();
        }
        List<HasMetadata> items = new ArrayList<>();
        for (String doc : manifests.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) continue;
            try {
                items.addAll(client.load(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))).items());
            } catch (RuntimeException e) {
                // The chart's Pulsar ConfigMaps repeat keys (Helm tolerates it, a strict parser does not). They
                // belong to a stateful dependency this product never touches: skipped.
                if (!doc.contains("pulsar")) throw new HelmException("cannot read a rendered manifest: " + e.getMessage(), e);
            }
        }
        Set<String> rendered = new HashSet<>();
        for (HasMetadata item : items) {
            if (!APPLIED.contains(item.getKind())) continue;
            item.getMetadata().setNamespace(namespace);
            if (item instanceof Deployment) rendered.add(item.getMetadata().getName());
            client.resource(item).inNamespace(namespace).createOr(NonDeletingOperation::update);
        }
        for (Deployment d : client.apps().deployments().inNamespace(namespace).withLabel(MilvusLabels.INSTANCE, release)
                .withLabel(MilvusLabels.NAME, "milvus").list().getItems()) {
            if (!rendered.contains(d.getMetadata().getName())) {
                client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName()).delete();
            }
        }
        String appVersion = items.stream().filter(i -> i instanceof Deployment).findFirst()
                .map(i -> i.getMetadata().getLabels().getOrDefault(MilvusLabels.VERSION, "")).orElse("");
        record(namespace, release, revision, chartVersion, appVersion, user);
    }

    private void record(String namespace, String release, int revision, String chartVersion, String appVersion, Map<String, String> user)
            throws HelmException {
        try {
            client.secrets().inNamespace(namespace).withLabel("owner", "helm").withLabel("name", release).withLabel("status", "deployed").list()
                    .getItems().forEach(s -> client.secrets().inNamespace(namespace).withName(s.getMetadata().getName()).edit(x -> {
                        x.getMetadata().getLabels().put("status", "superseded");
                        return x;
                    }));
            String data = HelmReleaseCodec.encode(new HelmRelease(release, namespace, revision, "deployed", "milvus", chartVersion,
                    appVersion, nest(user)));
            client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata()
                    .withName("sh.helm.release.v1." + release + ".v" + revision).withNamespace(namespace)
                    .addToLabels("owner", "helm").addToLabels("name", release).addToLabels("version", String.valueOf(revision))
                    .addToLabels("status", "deployed").endMetadata().withType("helm.sh/release.v1")
                    .addToData("release", data).build()).create();
        } catch (IOException e) {
            throw new HelmException(e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> nest(Map<String, String> flat) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : flat.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> m = out;
            for (int i = 0; i < parts.length - 1; i++) {
                m = (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
            }
            String v = e.getValue();
            m.put(parts[parts.length - 1], v.equals("true") || v.equals("false") ? (Object) Boolean.valueOf(v) : v);
        }
        return out;
    }
}
