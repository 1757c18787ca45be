package io.milvusgitops.daemon.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.UpgradeCommand;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.path.Step.ValuesMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Helm through helm-java: native Helm 3 (a Go library, through JNA), no CLI. Charts come from a {@link ChartSource}.
 * Tested against the emulated API server with the real chart archives, as in production.
 */
public final class HelmJavaClient implements HelmClient {

    private final Path kubeconfig;
    private final String context;
    private final ChartSource charts;

    /** Helm on the cluster of {@code context} of {@code kubeconfig} (helm's {@code --kube-context}), charts from {@code charts}. */
    public HelmJavaClient(Path kubeconfig, String context, ChartSource charts) {
        this.kubeconfig = kubeconfig;
        this.context = context;
        this.charts = charts;
    }

    /**
     * A kubeconfig file with {@code context} as its current context: helm-java has no {@code --kube-context}, and Helm
     * must act on the target's cluster, never on whichever context the file happens to select. Owner-only: it may
     * carry credentials. The caller deletes it.
     */
    private Path kubeconfigOfContext() throws HelmException {
        Config parsed;
        try {
            parsed = KubeConfigUtils.parseConfig(kubeconfig.toFile());
        } catch (RuntimeException e) {
            throw new HelmException("cannot read kubeconfig " + kubeconfig + ": " + Failures.describe(e), e);
        }
        if (parsed.getContexts().stream().noneMatch(c -> context.equals(c.getName()))) {
            throw new HelmException("kubeconfig " + kubeconfig + " has no context '" + context + "': add it, or correct the target's "
                    + "kubernetes.context", null);
        }
        parsed.setCurrentContext(context);
        try {
            Path file = Files.createTempFile("milvus-gitops-helm-", ".kubeconfig", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Serialization.asYaml(parsed));
            return file;
        } catch (IOException e) {
            throw new HelmException("cannot write a kubeconfig for Helm: " + Failures.describe(e), e);
        }
    }

    @Override
    public void upgrade(String namespace, String release, String chart, String chartVersion, ValuesMode values, Map<String, String> set)
            throws HelmException {
        String ref = charts.resolve(chart, chartVersion);
        Path config = kubeconfigOfContext();
        try {
            UpgradeCommand cmd = Helm.upgrade(ref).withName(release).withNamespace(namespace).withVersion(chartVersion).withKubeConfig(config);
            cmd = values == ValuesMode.RESET_THEN_REUSE ? cmd.resetThenReuseValues() : cmd.reuseValues();
            for (var e : set.entrySet()) cmd = cmd.set(e.getKey(), e.getValue());
            cmd.call();
        } catch (RuntimeException e) {
            throw new HelmException("helm upgrade " + release + " to " + chart + " " + chartVersion + " failed: " + Failures.describe(e), e);
        } finally {
            NativeHelm.afterCall();
            deleteQuietly(config);
        }
    }

    @Override
    public void install(String namespace, String release, String chart, String chartVersion, Map<String, String> set) throws HelmException {
        String ref = charts.resolve(chart, chartVersion);
        Path config = kubeconfigOfContext();
        try {
            InstallCommand cmd = Helm.install(ref).withName(release).withNamespace(namespace).withVersion(chartVersion).withKubeConfig(config);
            for (var e : set.entrySet()) cmd = cmd.set(e.getKey(), e.getValue());
            cmd.call();
        } catch (RuntimeException e) {
            throw new HelmException("helm install " + release + " failed: " + Failures.describe(e), e);
        } finally {
            NativeHelm.afterCall();
            deleteQuietly(config);
        }
    }

    @Override
    public void uninstall(String namespace, String release) throws HelmException {
        Path config = kubeconfigOfContext();
        try {
            Helm.uninstall(release).withNamespace(namespace).withKubeConfig(config).call();
        } catch (RuntimeException e) {
            throw new HelmException("helm uninstall " + release + " failed: " + Failures.describe(e), e);
        } finally {
            NativeHelm.afterCall();
            deleteQuietly(config);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
