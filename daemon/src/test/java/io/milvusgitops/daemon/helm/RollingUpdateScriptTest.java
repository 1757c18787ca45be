package io.milvusgitops.daemon.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.daemon.testing.RealTimeSteps;
import io.milvusgitops.daemon.testing.RollingUpdateScript;
import io.milvusgitops.daemon.testing.Run;
import io.milvusgitops.daemon.testing.TwinReleases;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Side by side with Milvus's own rollingUpdate.sh: the same 2.4.5 cluster (chart 4.1.36, separate coordinators, as the chart
 * installs it) twice in one emulated cluster, one upgraded to 2.5.16 by the unchanged script with real kubectl, the other by
 * our Helm driver running the planner's rolling hop, and their end states compared.
 */
class RollingUpdateScriptTest {

    static final String RELEASE = TwinReleases.RELEASE;
    static final List<String> COORDINATORS = List.of("rootCoord", "dataCoord", "queryCoord");

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @TempDir
    Path tmp;

    @Test
    void theScriptAndOurDriverLeaveTheSameDeploymentsAndOnlyOursKeepsTheHelmReleaseInStep() throws Exception {
        RollingUpdateScript script = RollingUpdateScript.locate();
        try (TwinReleases twins = new TwinReleases(Duration.ofMillis(300), Duration.ofMillis(50))) {
            twins.install("4.1.36", Map.of("cluster.enabled", "true"));
            KubernetesClient client = twins.kube().client();

            RollingUpdateScript.Result r = script.update(twins.kube().kubeconfig(), Files.createDirectories(tmp.resolve("home")),
                    TwinReleases.BY_SCRIPT, RELEASE, "2.5.16", "milvusdb/milvus:v2.5.16");
            assertThat(r.exit()).as("rollingUpdate.sh:\n%s", r.output()).isZero();
            assertThat(r.output()).contains("update my-release-milvus-rootcoord").contains("update my-release-milvus-proxy")
                    .contains("success: all deployments are successful");

            HelmDriver driver = twins.driver(etcd.client(), tmp.resolve("backups"), Duration.ofSeconds(5));
            Hop hop = twins.hop(driver, "2.4.5", "2.5.16");
            Run ours = RealTimeSteps.run(client, driver, twins.target(), TwinReleases.BY_DRIVER, hop, hop.steps());
            assertThat(ours.completed(hop.steps().size())).as("%s", ours.outcomes()).isTrue();

            // Every Deployment on the new image and version label, coordinators with minReadySeconds 30, a rolling strategy:
            // the same in both, field by field.
            Map<String, String> byScript = deployments(client, TwinReleases.BY_SCRIPT);
            Map<String, String> byDriver = deployments(client, TwinReleases.BY_DRIVER);
            assertThat(byScript.values()).allSatisfy(d -> assertThat(d).startsWith("image=milvusdb/milvus:v2.5.16 version=2.5.16 "));
            assertThat(byScript.get("rootcoord")).contains("minReadySeconds=30").contains("strategy=RollingUpdate 25%/25%");
            assertThat(byScript.get("querynode")).contains("minReadySeconds=0");
            // The one difference: chart 4.2.58 no longer runs an IndexCoord by default (merged into DataCoord since 2.3), and
            // the Helm upgrade that records the chart (--reset-then-reuse-values, as the Helm guide upgrades) removes it.
            // The script upgrades it in place and leaves it running.
            assertThat(byScript).containsKey("indexcoord");
            assertThat(byDriver).doesNotContainKey("indexcoord");
            Map<String, String> scriptWithoutIndexCoord = new TreeMap<>(byScript);
            scriptWithoutIndexCoord.remove("indexcoord");
            assertThat(byDriver).isEqualTo(scriptWithoutIndexCoord);

            // Active-standby for the coordinators: the script appends it to user.yaml; ours writes it there too, and the
            // Helm upgrade then renders it from the chart's <coordinator>.activeStandby.enabled values into default.yaml.
            assertThat(activeStandby(client, TwinReleases.BY_SCRIPT, "user.yaml")).containsOnlyKeys(List.of("rootCoord", "dataCoord",
                    "queryCoord", "indexCoord")).doesNotContainValue(false);
            assertThat(effectiveActiveStandby(client, TwinReleases.BY_DRIVER)).containsAllEntriesOf(
                    effectiveActiveStandby(client, TwinReleases.BY_SCRIPT).entrySet().stream().filter(e -> COORDINATORS.contains(e.getKey()))
                            .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
            assertThat(effectiveActiveStandby(client, TwinReleases.BY_DRIVER)).containsEntry("rootCoord", true).containsEntry("dataCoord", true)
                    .containsEntry("queryCoord", true);

            // The Helm release: ours records the new chart and release; the script never touches it.
            HelmRelease oursRelease = new HelmObserver(client).helmRelease(TwinReleases.BY_DRIVER, RELEASE).orElseThrow();
            assertThat(oursRelease.chartVersion()).isEqualTo("4.2.58");
            assertThat(oursRelease.appVersion()).isEqualTo("2.5.16");
            assertThat(oursRelease.status()).isEqualTo("deployed");
            HelmRelease left = new HelmObserver(client).helmRelease(TwinReleases.BY_SCRIPT, RELEASE).orElseThrow();
            assertThat(left.revision()).isEqualTo(1);
            assertThat(left.chartVersion()).isEqualTo("4.1.36");
            assertThat(left.appVersion()).isEqualTo("2.4.5");
            // ... and a ConfigMap now also managed by kubectl apply (its last-applied annotation), beside Helm.
            assertThat(configMap(client, TwinReleases.BY_SCRIPT).getMetadata().getAnnotations())
                    .containsKey("kubectl.kubernetes.io/last-applied-configuration");

            // What that leaves behind: the next `helm upgrade` of that release (to change any value) renders chart 4.1.36
            // again: every image goes back to 2.4.5, and active-standby goes from user.yaml.
            twins.kube().helm().upgrade(TwinReleases.BY_SCRIPT, RELEASE, "zilliztech/milvus", "4.1.36", Step.ValuesMode.REUSE,
                    Map.of("proxy.replicas", "1"));
            assertThat(deployments(client, TwinReleases.BY_SCRIPT).values())
                    .allSatisfy(d -> assertThat(d).startsWith("image=milvusdb/milvus:v2.4.5 version=2.4.5 "));
            assertThat(activeStandby(client, TwinReleases.BY_SCRIPT, "user.yaml")).isEmpty();
        }
    }

    /** Per Deployment (by component): image, version label, minReadySeconds and rollout strategy. */
    static Map<String, String> deployments(KubernetesClient client, String ns) {
        Map<String, String> out = new TreeMap<>();
        for (Deployment d : client.apps().deployments().inNamespace(ns).withLabel("app.kubernetes.io/name", "milvus").list().getItems()) {
            var strategy = d.getSpec().getStrategy();
            String rolling = strategy.getRollingUpdate() == null ? ""
                    : " " + strategy.getRollingUpdate().getMaxSurge().getStrVal() + "/" + strategy.getRollingUpdate().getMaxUnavailable().getStrVal();
            out.put(d.getMetadata().getName().substring((RELEASE + "-milvus-").length()),
                    "image=" + d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                    + " version=" + d.getMetadata().getLabels().get("app.kubernetes.io/version")
                    + " minReadySeconds=" + (d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds())
                    + " strategy=" + strategy.getType() + rolling);
        }
        return out;
    }

    static ConfigMap configMap(KubernetesClient client, String ns) {
        return client.configMaps().inNamespace(ns).withName(RELEASE + "-milvus").get();
    }

    /** {@code <section>.enableActiveStandby} of each section of one key of the ConfigMap that sets it. */
    static Map<String, Object> activeStandby(KubernetesClient client, String ns, String key) {
        String text = configMap(client, ns).getData().get(key);
        Map<String, Object> out = new TreeMap<>();
        Object yaml = text == null || text.isBlank() ? null : new Load(LoadSettings.builder().build()).loadFromString(text);
        if (yaml instanceof Map<?, ?> sections) {
            sections.forEach((section, body) -> {
                if (body instanceof Map<?, ?> m && m.containsKey("enableActiveStandby")) out.put((String) section, m.get("enableActiveStandby"));
            });
        }
        return out;
    }

    /** What Milvus runs with: default.yaml, then user.yaml over it (Milvus reads both, the user's last). */
    static Map<String, Object> effectiveActiveStandby(KubernetesClient client, String ns) {
        Map<String, Object> out = new LinkedHashMap<>(activeStandby(client, ns, "default.yaml"));
        out.putAll(activeStandby(client, ns, "user.yaml"));
        return out;
    }
}
