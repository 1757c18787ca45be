package io.milvusgitops.daemon.deploy;

import static io.milvusgitops.daemon.deploy.DeployFiles.DEPLOY;
import static io.milvusgitops.daemon.deploy.DeployFiles.MANIFESTS;
import static io.milvusgitops.daemon.deploy.DeployFiles.RULES;
import static io.milvusgitops.daemon.deploy.DeployFiles.kind;
import static io.milvusgitops.daemon.deploy.DeployFiles.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of deploy/: the alert rules pass promtool's checks and unit tests, and the manifests agree with the daemon. */
class DeployManifestsTest {

    @TempDir
    Path secrets;

    @Test
    void theAlertRulesAreValidAndTheirUnitTestsPass() throws Exception {
        String promtool = Tools.require("promtool", "prometheus");
        String check = Tools.run(RULES.getParent(), Map.of(), promtool, "check", "rules", RULES.getFileName().toString());
        assertThat(check).contains("SUCCESS: 12 rules found");
        String test = Tools.run(RULES.getParent(), Map.of(), promtool, "test", "rules", "milvus-gitops.rules.test.yaml");
        assertThat(test).contains("SUCCESS");
    }

    @Test
    void thePrometheusRuleCarriesExactlyTheGroupsOfTheRuleFile() throws Exception {
        Map<?, ?> rules = load(RULES).getFirst();
        Map<?, ?> resource = load(DEPLOY.resolve("kubernetes/prometheusrule.yaml")).getFirst();
        assertThat(resource.get("kind")).isEqualTo("PrometheusRule");
        assertThat(((Map<?, ?>) resource.get("spec")).get("groups"))
                .as("copy the groups of %s into deploy/kubernetes/prometheusrule.yaml", RULES)
                .isEqualTo(rules.get("groups"));
    }

    @Test
    void theDeploymentRunsTheDaemonOnAValidConfigAndProbesItsEndpoints() throws Exception {
        List<Map<?, ?>> docs = load(MANIFESTS);
        Map<?, ?> configMap = kind(docs, "ConfigMap");
        String daemonYaml = (String) ((Map<?, ?>) configMap.get("data")).get("daemon.yaml");
        // The Secret the pod mounts, written here: the config must be valid with exactly those files.
        for (String file : List.of("git-token", "github-webhook-secret", "kubeconfig")) {
            Files.writeString(secrets.resolve(file), "not-a-real-" + file + "\n");
        }
        var parsed = DaemonConfigParser.parse("daemon.yaml", daemonYaml.replace("/etc/milvus-gitops/secrets/", secrets + "/"));
        assertThat(parsed).as("%s", parsed).isInstanceOf(DaemonConfigParser.Result.Valid.class);

        String text = Files.readString(MANIFESTS);
        assertThat(text).contains("args: [run, --config, /etc/milvus-gitops/daemon.yaml]")
                .contains("path: /readyz").contains("path: /healthz").contains("path: /metrics");
        Map<?, ?> deployment = kind(docs, "Deployment");
        assertThat(((Map<?, ?>) ((Map<?, ?>) deployment.get("spec")).get("strategy")).get("type"))
                .as("one replica, replaced: the dataDir (etcd backups) is not shared").isEqualTo("Recreate");
        assertThat(kind(docs, "Role").get("rules").toString()).as("leader election needs Leases, in the daemon's namespace only")
                .contains("leases");
        assertThat(kind(docs, "ClusterRole").get("rules").toString()).doesNotContain("leases");
    }
}
