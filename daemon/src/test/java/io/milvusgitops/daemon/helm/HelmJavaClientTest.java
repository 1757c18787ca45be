package io.milvusgitops.daemon.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusgitops.daemon.testing.ReferenceCharts;
import io.milvusgitops.policy.path.Step.ValuesMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production Helm acts on the target's kube context, never on whichever the kubeconfig selects: a
 * context the file does not have is refused before Helm runs (no API server is needed to show it).
 */
class HelmJavaClientTest {

    @TempDir
    Path dir;

    @Test
    void aContextTheKubeconfigLacksIsRefusedBeforeHelmRuns() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: prod, cluster: {server: "https://prod.example.com"}}]
                users: [{name: prod, user: {token: t}}]
                contexts: [{name: prod, context: {cluster: prod, user: prod}}]
                current-context: prod
                """);
        HelmJavaClient helm = new HelmJavaClient(kubeconfig, "staging", ReferenceCharts.source());
        assertThatThrownBy(() -> helm.upgrade("milvus", "search", "zilliztech/milvus", "4.2.58", ValuesMode.REUSE, Map.of()))
                .isInstanceOf(HelmClient.HelmException.class).hasMessageContaining("no context 'staging'").hasMessageContaining(kubeconfig.toString());
    }
}
