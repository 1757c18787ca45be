package io.milvusgitops.daemon.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.UpgradeCommand;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
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
    private final String context;

    /** Helm on the cluster of {@code context} of {@code kubeconfig} (helm's {@code --kube-context}). */
    public HelmJavaClient(Path kubeconfig, String context) {
        this.kubeconfig = kubeconfig;
        this.context = context;
    }

    /**
     * The kubeconfig with {@code context} as its current context: helm-java has no {@code --kube-context},
     * and Helm must act on the target's cluster, never on whichever context the file happens to select.
     */
    private String kubeconfigOfContext() throws HelmException {
        try {
            Config parsed = KubeConfigUtils.parseConfig(kubeconfig.toFile());
            if (parsed.getContexts().stream().noneMatch(c -> context.equals(c.getName()))) {
                throw new HelmException("kubeconfig " + kubeconfig + " has no context '" + context + "': add it, or correct the target's "
                        + "kubernetes.context", null);
            }
            parsed.setCurrentContext(context);
            return Serialization.asYaml(parsed);
        } catch (RuntimeException e) {
            throw new HelmException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void upgrade(String namespace, String release, String chart, String chartVersion, ValuesMode values, Map<String, String> set)
            throws HelmException {
        try {
            UpgradeCommand cmd = Helm.upgrade(chart).withName(release).withNamespace(namespace).withVersion(chartVersion)
                    .withKubeConfigContents(kubeconfigOfContext());
            cmd = values == ValuesMode.RESET_THEN_REUSE ? cmd.resetThenReuseValues() : cmd.reuseValues();
            for (var e : set.entrySet()) cmd = cmd.set(e.getKey(), e.getValue());
            cmd.call();
        } catch (RuntimeException e) {
            throw new HelmException("helm upgrade " + release + " to " + chart + " " + chartVersion + " failed: " + e.getMessage(), e);
        } finally {
            NativeHelm.afterCall();
        }
    }

    @Override
    public void install(String namespace, String release, String chart, String chartVersion, Map<String, String> set) throws HelmException {
        try {
            var cmd = Helm.install(chart).withName(release).withNamespace(namespace).withVersion(chartVersion).withKubeConfigContents(kubeconfigOfContext());
            for (var e : set.entrySet()) cmd = cmd.set(e.getKey(), e.getValue());
            cmd.call();
        } catch (RuntimeException e) {
            throw new HelmException("helm install " + release + " failed: " + e.getMessage(), e);
        } finally {
            NativeHelm.afterCall();
        }
    }

    @Override
    public void uninstall(String namespace, String release) throws HelmException {
        try {
            Helm.uninstall(release).withNamespace(namespace).withKubeConfigContents(kubeconfigOfContext()).call();
        } catch (RuntimeException e) {
            throw new HelmException("helm uninstall " + release + " failed: " + e.getMessage(), e);
        } finally {
            NativeHelm.afterCall();
        }
    }
}
