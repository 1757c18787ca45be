package io.milvusgitops.daemon.config;

import io.fabric8.kubernetes.client.Config;
import io.milvusgitops.daemon.safety.SafeFiles;
import io.milvusgitops.policy.yaml.Problems;
import io.milvusgitops.policy.yaml.YamlLimits;
import io.milvusgitops.policy.yaml.YamlLoader;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A named kubeconfig, read as every outside file is ({@link SafeFiles}: a regular file, bounded, UTF-8)
 * and checked to be a YAML mapping before fabric8 sees it. fabric8's own errors quote the file (a
 * token, a client key), so none of them is passed on: the message names the file and what is wrong.
 */
public final class KubeconfigFile {

    private static final YamlLimits KUBECONFIG = new YamlLimits((int) SafeFiles.KUBECONFIG_BYTES, 50, 32);

    private KubeconfigFile() {
    }

    /** The client config of {@code context} in {@code file}; an {@link IllegalArgumentException} that names the file otherwise. */
    public static Config load(Path file, String context) {
        String text;
        try {
            text = SafeFiles.readText(file, SafeFiles.KUBECONFIG_BYTES, "kubeconfig");
        } catch (SafeFiles.Unreadable e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Problems problems = new Problems();
        Optional<Node> root = YamlLoader.load(file.toString(), text, KUBECONFIG, problems);
        if (root.isEmpty()) {
            throw new IllegalArgumentException("kubeconfig " + file + " is not valid YAML ("
                    + problems.sorted().getFirst().describe().replaceFirst("\\. Fix: .*", "") + "): check it with kubectl --kubeconfig " + file + " config view");
        }
        if (!(root.get() instanceof MappingNode)) {
            throw new IllegalArgumentException("kubeconfig " + file + " is not a kubeconfig (not a mapping of apiVersion, clusters, contexts and users)"
                    + ": name the right file");
        }
        try {
            return Config.fromKubeconfig(context, text, file.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("kubeconfig " + file + " cannot be read as a kubeconfig: check it with kubectl --kubeconfig "
                    + file + " config view");
        }
    }
}
