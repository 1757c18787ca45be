package io.milvusgitops.daemon.deploy;

import static io.milvusgitops.daemon.deploy.DeployFiles.DEPLOY;
import static io.milvusgitops.daemon.deploy.DeployFiles.MANIFESTS;
import static io.milvusgitops.daemon.deploy.DeployFiles.RULES;
import static io.milvusgitops.daemon.deploy.DeployFiles.at;
import static io.milvusgitops.daemon.deploy.DeployFiles.has;
import static io.milvusgitops.daemon.deploy.DeployFiles.kind;
import static io.milvusgitops.daemon.deploy.DeployFiles.load;
import static io.milvusgitops.daemon.deploy.DeployFiles.loadAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.config.DaemonConfigParser;
import io.milvusgitops.daemon.git.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's Helm chart (deploy/helm/milvus-gitops), linted and rendered by real Helm (helm-java):
 * the config it renders is one the daemon accepts, with exactly the Secret files the pod mounts;
 * its RBAC and alerts are the plain manifests' and the rule file's; its toggles and refusals hold.
 */
class DeployChartTest {

    static final Path CHART = DEPLOY.resolve("helm/milvus-gitops");
    static final String SECRETS_DIR = "/etc/milvus-gitops/secrets/";
    static final String NAMESPACE = "ops";

    @TempDir
    Path secrets;

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @Test
    void byDefaultTwoReplicasRollOverAndOnlyTheLeaseHolderReconciles() throws Exception {
        List<Map<?, ?>> docs = render(Map.of());
        Map<?, ?> deployment = kind(docs, "Deployment");
        assertThat(at(deployment, "spec", "replicas")).isEqualTo(2);
        assertThat(at(deployment, "spec", "strategy", "type")).isEqualTo("RollingUpdate");
        assertThat(at(kind(render(Map.of("strategy.type", "Recreate")), "Deployment"), "spec", "strategy"))
                .as("Kubernetes refuses rollingUpdate beside Recreate").isEqualTo(Map.of("type", "Recreate"));

        DaemonConfig config = validConfig(docs);
        assertThat(config.leaderElection().orElseThrow()).isInstanceOfSatisfying(DaemonConfig.LeaderElection.Lease.class, election -> {
            assertThat(election.namespace()).isEqualTo(NAMESPACE);
            assertThat(election.context()).as("the Lease lives in the daemon's own cluster").isEmpty();
        });
        Map<?, ?> role = kind(docs, "Role");
        assertThat(at(role, "metadata", "namespace")).isEqualTo(NAMESPACE);
        assertThat(at(role, "rules", 0, "resources")).isEqualTo(List.of("leases"));
        assertThat(at(kind(docs, "RoleBinding"), "subjects", 0, "name")).isEqualTo(at(deployment, "spec", "template", "spec", "serviceAccountName"));
    }

    @Test
    void thePodRunsTheDaemonOnTheRenderedConfigNonRootAndProbed() throws Exception {
        List<Map<?, ?>> docs = render(Map.of());
        Map<?, ?> pod = (Map<?, ?>) at(kind(docs, "Deployment"), "spec", "template", "spec");
        Map<?, ?> container = (Map<?, ?>) at(pod, "containers", 0);
        List<?> args = (List<?>) container.get("args");
        String configPath = (String) args.get(args.indexOf("--config") + 1);
        assertThat(mounts(container)).containsEntry(configPath, "config");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
        assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(at(container, "securityContext", "capabilities", "drop")).isEqualTo(List.of("ALL"));
        assertThat(at(container, "resources", "limits", "memory")).isNotNull();
        assertThat(mounts(container)).as("the read-only root leaves the JVM and native Helm only /tmp to write")
                .containsEntry("/tmp", "tmp").containsEntry(validConfig(docs).dataDir().toString(), "data");
    }

    @Test
    void theConfigNamesExactlyTheSecretFilesThePodMountsAndTheDaemonAcceptsIt() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("git.url", "ssh://git@git.example.com/search-platform/fleet.git");
        values.put("git.ssh.secretName", "fleet-ssh");
        values.put("git.ssh.passphraseKey", "passphrase");
        for (String provider : List.of("github", "gitlab", "gitea", "generic")) values.put("webhooks." + provider + ".secretName", "hooks");
        values.put("kubeconfig.secretName", "clusters");
        values.put("notifications.webhook.url.secretName", "notify");
        values.put("notifications.webhook.key.secretName", "notify");
        values.put("notifications.slack.url.secretName", "notify");
        values.put("clusters.prod-cluster.etcd[0]", "http://search-etcd.milvus:2379");
        List<Map<?, ?>> docs = render(values);

        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile(Pattern.quote(SECRETS_DIR) + "([\\w.-]+)").matcher(configText(docs));
        while (m.find()) named.add(m.group(1));
        assertThat(named).as("every file the config names is mounted, and nothing else is").isEqualTo(mountedSecretFiles(docs)).isNotEmpty();

        DaemonConfig config = validConfig(docs);
        assertThat(config.git().credentials()).isInstanceOf(Credentials.SshKey.class);
        assertThat(((Credentials.SshKey) config.git().credentials()).passphrase()).isPresent();
        assertThat(config.webhooks().github()).isPresent();
        assertThat(config.webhooks().genericHmac()).isPresent();
        assertThat(config.kubeconfig()).isPresent();
        assertThat(config.notifications().webhookKey()).isPresent();
        assertThat(config.notifications().slackUrl()).isPresent();
        assertThat(config.etcdByContext()).containsEntry("prod-cluster", List.of("http://search-etcd.milvus:2379"));
    }

    @Test
    void secretsAreReferencedNeverRendered() throws Exception {
        String text = template(Map.of("git.token.secretName", "fleet-git", "git.token.key", "token"));
        List<Map<?, ?>> docs = loadAll(text);
        assertThat(has(docs, "Secret")).as("the chart creates no Secret").isFalse();
        Map<?, ?> source = (Map<?, ?>) at(volume(docs, "secrets"), "projected", "sources", 0, "secret");
        assertThat(source.get("name")).isEqualTo("fleet-git");
        assertThat(at(source, "items", 0, "key")).isEqualTo("token");
        assertThat(validConfig(docs).git().credentials()).isInstanceOf(Credentials.Token.class);

        // A value where only a reference belongs is refused by the schema, so it cannot reach the ConfigMap.
        assertThatThrownBy(() -> template(Map.of("git.token.value", "hunter2"))).hasMessageContaining("schema");
        assertThatThrownBy(() -> template(Map.of("webhooks.github.secret", "hunter2"))).hasMessageContaining("schema");
        assertThatThrownBy(() -> template(Map.of("notifications.slack.url.value", "https://hooks.slack.com/x")))
                .hasMessageContaining("schema");
    }

    @Test
    void rbacGrantsWhatThePlainManifestsGrantTheLeaseOnlyInTheReleaseNamespace() throws Exception {
        List<Map<?, ?>> chart = render(Map.of());
        List<Map<?, ?>> plain = load(MANIFESTS);
        assertThat(kind(chart, "ClusterRole").get("rules")).isEqualTo(kind(plain, "ClusterRole").get("rules"));
        assertThat(kind(chart, "Role").get("rules")).isEqualTo(kind(plain, "Role").get("rules"));
        assertThat(kind(chart, "ClusterRole").get("rules").toString()).doesNotContain("coordination.k8s.io");
    }

    @Test
    void theServiceMonitorAndPrometheusRuleAreRenderedOnlyWhenEnabled() throws Exception {
        List<Map<?, ?>> off = render(Map.of());
        assertThat(has(off, "ServiceMonitor")).isFalse();
        assertThat(has(off, "PrometheusRule")).isFalse();

        List<Map<?, ?>> on = render(Map.of("serviceMonitor.enabled", "true", "prometheusRule.enabled", "true"));
        Map<?, ?> monitor = kind(on, "ServiceMonitor");
        Map<?, ?> service = kind(on, "Service");
        assertThat(at(monitor, "spec", "selector", "matchLabels")).isEqualTo(at(service, "spec", "selector"));
        assertThat(at(monitor, "spec", "endpoints", 0, "port")).isEqualTo(at(service, "spec", "ports", 0, "name"));
        assertThat(at(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/metrics");

        assertThat(Files.mismatch(CHART.resolve("rules/milvus-gitops.rules.yaml"), RULES))
                .as("copy %s to %s/rules/ (Helm reads no file outside the chart)", RULES, CHART).isEqualTo(-1L);
        assertThat(at(kind(on, "PrometheusRule"), "spec", "groups"))
                .as("the alerts reach Prometheus untemplated, {{ $labels }} and all").isEqualTo(load(RULES).getFirst().get("groups"));
    }

    @Test
    void oneReplicaMayRunWithoutLeaderElectionMoreMayNot() throws Exception {
        List<Map<?, ?>> single = render(Map.of("replicaCount", "1", "leaderElection.enabled", "false"));
        assertThat(validConfig(single).leaderElection()).isEmpty();
        assertThat(has(single, "Role")).isFalse();

        assertThatThrownBy(() -> template(Map.of("leaderElection.enabled", "false"))).hasMessageContaining("leaderElection.enabled=true");
        assertThatThrownBy(() -> template(Map.of("git.token.secretName", "a", "git.ssh.secretName", "b")))
                .hasMessageContaining("both set");
    }

    @Test
    void dataDirIsAnEmptyDirUnlessPersistenceSharesAVolumeAcrossReplicas() throws Exception {
        assertThat(volume(render(Map.of()), "data").containsKey("emptyDir")).isTrue();

        List<Map<?, ?>> shared = render(Map.of("persistence.enabled", "true"));
        Map<?, ?> claim = kind(shared, "PersistentVolumeClaim");
        assertThat(at(claim, "spec", "accessModes")).isEqualTo(List.of("ReadWriteMany"));
        assertThat(at(volume(shared, "data"), "persistentVolumeClaim", "claimName")).isEqualTo(at(claim, "metadata", "name"));

        Map<String, String> readWriteOnce = Map.of("persistence.enabled", "true", "persistence.accessModes[0]", "ReadWriteOnce");
        assertThatThrownBy(() -> template(readWriteOnce)).hasMessageContaining("ReadWriteMany");
        Map<String, String> alone = new LinkedHashMap<>(readWriteOnce);
        alone.put("replicaCount", "1");
        assertThat(at(kind(render(alone), "PersistentVolumeClaim"), "spec", "accessModes")).isEqualTo(List.of("ReadWriteOnce"));
    }

    private static String template(Map<String, String> values) {
        TemplateCommand template = new Helm(CHART).template().withName("gitops").withNamespace(NAMESPACE);
        values.forEach(template::set);
        return template.call();
    }

    private static List<Map<?, ?>> render(Map<String, String> values) {
        return loadAll(template(values));
    }

    private static String configText(List<Map<?, ?>> docs) {
        return (String) at(kind(docs, "ConfigMap"), "data", "config.yaml");
    }

    /**
     * The rendered config, parsed by the daemon's own parser with a stand-in for each Secret file the
     * pod mounts: a file the config names but the pod does not mount makes it invalid, as in the pod.
     */
    private DaemonConfig validConfig(List<Map<?, ?>> docs) throws IOException {
        String text = configText(docs);
        for (String file : mountedSecretFiles(docs)) Files.writeString(secrets.resolve(file), "not-a-real-" + file + "\n");
        var parsed = DaemonConfigParser.parse("config.yaml", text.replace(SECRETS_DIR, secrets + "/"));
        assertThat(parsed).as("%s\n%s", parsed, text).isInstanceOf(DaemonConfigParser.Result.Valid.class);
        return ((DaemonConfigParser.Result.Valid) parsed).config();
    }

    /** The file names of the projected Secret volume, none when the chart mounts no Secret. */
    private static Set<String> mountedSecretFiles(List<Map<?, ?>> docs) {
        Set<String> files = new TreeSet<>();
        List<?> volumes = (List<?>) at(kind(docs, "Deployment"), "spec", "template", "spec", "volumes");
        if (volumes.stream().noneMatch(v -> "secrets".equals(((Map<?, ?>) v).get("name")))) return files;
        for (Object source : (List<?>) at(volume(docs, "secrets"), "projected", "sources")) {
            for (Object item : (List<?>) at(source, "secret", "items")) files.add((String) at(item, "path"));
        }
        return files;
    }

    private static Map<?, ?> volume(List<Map<?, ?>> docs, String name) {
        return ((List<?>) at(kind(docs, "Deployment"), "spec", "template", "spec", "volumes")).stream().map(v -> (Map<?, ?>) v)
                .filter(v -> name.equals(v.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /** mountPath -> volume name. */
    private static Map<String, String> mounts(Map<?, ?> container) {
        return ((List<?>) container.get("volumeMounts")).stream().map(v -> (Map<?, ?>) v)
                .collect(Collectors.toMap(v -> (String) v.get("mountPath"), v -> (String) v.get("name")));
    }
}
