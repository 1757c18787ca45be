package io.milvusgitops.daemon.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.UpgradeCommand;
import io.milvusgitops.policy.path.Step.ValuesMode;
import java.nio.file.Path;
import java.util.Map;

/**
 * Helm through helm-java (native Helm 3 via JNA). Charts come from the chart repository named in the
 * chart reference ({@code zilliztech/milvus}), added once under {@code repoUrl}.
 *
 * <p>Not exercised by the test suite: install and upgrade need a real API server (the emulator cannot
 * serve Helm's discovery and protobuf calls); the tests use a fake that renders the real chart instead.
 */
public final class HelmJavaClient implements HelmClient {

    private final Path kubeconfig;

    public HelmJavaClient(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    @Override
    public void upgrade(String namespace, String release, String chart, String chartVersion, ValuesMode values, Map<String, String> set)
            throws HelmException {
        try {
            UpgradeCommand cmd = Helm.upgrade(chart).withName(release).withNamespace(namespace).withVersion(chartVersion)
                    .withKubeConfig(kubeconfig);
            cmd = values == ValuesMode.RESET_THEN_REUSE ? cmd.resetThenReuseValues() : cmd.reuseValues();
            for (var e : set.entrySet()) cmd = cmd.set(e.getKey(), e.getValue());
            cmd.call();
        } catch (RuntimeException e) {
            throw new HelmException("helm upgrade " + release + " to " + chart + " " + chartVersion + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void install(String namespace, String release, String chart, String chartVersion, Map<String, String> set) throws HelmException {
        try {
            var cmd = Helm.install(chart).withName(release).withNamespace(namespace).withVersion(chartVersion).withKubeConfig(kubeconfig);
            for (var e : set.entrySet()) cmd = cmd.set(e.getKey(), e.getValue());
            cmd.call();
        } catch (RuntimeException e) {
            throw new HelmException("helm install " + release + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void uninstall(String namespace, String release) throws HelmException {
        try {
            Helm.uninstall(release).withNamespace(namespace).withKubeConfig(kubeconfig).call();
        } catch (RuntimeException e) {
            throw new HelmException("helm uninstall " + release + " failed: " + e.getMessage(), e);
        }
    }
}
