package io.milvusgitops.daemon.helm;

import io.milvusgitops.policy.path.Step.ValuesMode;
import java.util.Map;

/**
 * The Helm calls the driver makes. Production: {@link HelmJavaClient} (native Helm through helm-java,
 * no CLI). Tests: a fake that renders the real chart with helm-java's {@code template} and applies it to
 * the Kubernetes emulator, keeping release Secrets as Helm does.
 */
public interface HelmClient {

    /** {@code helm upgrade <release> <chart> --version <chartVersion> --reuse-values|--reset-then-reuse-values --set k=v...}. */
    void upgrade(String namespace, String release, String chart, String chartVersion, ValuesMode values, Map<String, String> set)
            throws HelmException;

    /** {@code helm install <release> <chart> --version <chartVersion> --set k=v...}. */
    void install(String namespace, String release, String chart, String chartVersion, Map<String, String> set) throws HelmException;

    /** {@code helm uninstall <release>}. */
    void uninstall(String namespace, String release) throws HelmException;

    /** Helm refused: the message is Helm's. */
    final class HelmException extends Exception {
        public HelmException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
