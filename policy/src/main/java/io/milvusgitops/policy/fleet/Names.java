package io.milvusgitops.policy.fleet;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names and addresses a fleet file gives, checked as the systems that use them check them, so that
 * nothing the daemon passes on (to Docker, Kubernetes, Helm or the file system) can be more than a name:
 * no shell metacharacters, no spaces, no path that climbs out of where it points. Each check gives the
 * reason a value is refused, or empty when it is fine.
 */
final class Names {

    /** Docker Compose's rule for project names (lower-case letters, digits, '-' and '_', starting with a letter or digit). */
    private static final Pattern COMPOSE_PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** Helm's rule for release names: a DNS-1123 label of at most 53 characters (the chart adds suffixes to it). */
    private static final Pattern HELM_RELEASE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?");
    /** kubeconfig context names as the clouds write them (gke_p_z_c, arn:aws:eks:...:cluster/x, user@cluster, kind-kind). */
    private static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,253}");
    private static final Pattern DOCKER_HOST = Pattern.compile(
            "(unix|npipe)://[A-Za-z0-9._/-]{1,255}|tcp://([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:[0-9]{1,5})?/?");
    private static final Pattern ETCD_ROOT_PATH = Pattern.compile("[A-Za-z0-9._/-]{1,253}");
    /** Milvus's rule for collection names: a letter or '_' first, then letters, digits and '_', at most 255. */
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    private static final Pattern PATH_CHARS = Pattern.compile("[A-Za-z0-9._/@+=,~ -]{1,1024}");

    private Names() {
    }

    static Optional<String> composeProject(String s) {
        return COMPOSE_PROJECT.matcher(s).matches() ? Optional.empty()
                : Optional.of("'" + excerpt(s) + "' is not a Compose project name (lower-case letters, digits, '-' and '_', at most 63)");
    }

    static Optional<String> helmRelease(String s) {
        return HELM_RELEASE.matcher(s).matches() ? Optional.empty()
                : Optional.of("'" + excerpt(s) + "' is not a Helm release name (lower-case letters, digits and '-', at most 53)");
    }

    static Optional<String> kubeContext(String s) {
        return CONTEXT.matcher(s).matches() ? Optional.empty()
                : Optional.of("'" + excerpt(s) + "' is not a kubeconfig context name (letters, digits and . _ : @ / + = -, no spaces)");
    }

    static Optional<String> dockerHost(String s) {
        return DOCKER_HOST.matcher(s).matches() ? Optional.empty() : Optional.of("'" + excerpt(s) + "' is not a Docker host address");
    }

    static Optional<String> etcdRootPath(String s) {
        return ETCD_ROOT_PATH.matcher(s).matches() ? Optional.empty()
                : Optional.of("'" + excerpt(s) + "' is not an etcd root path (letters, digits, '.', '_', '-' and '/')");
    }

    static Optional<String> collection(String s) {
        return COLLECTION.matcher(s).matches() ? Optional.empty()
                : Optional.of("'" + excerpt(s) + "' is not a Milvus collection name (a letter or '_' first, then letters, digits and '_')");
    }

    /**
     * A Compose file on the Docker host: absolute and already resolved (no {@code .} or {@code ..} segment,
     * no empty one), so that what the fleet names is the file that is written, and a YAML file by name.
     */
    static Optional<String> composeFile(String s) {
        if (!PATH_CHARS.matcher(s).matches()) return Optional.of("'" + excerpt(s) + "' has characters a Compose file path does not need");
        if (!s.startsWith("/")) return Optional.of("'" + s + "' is not an absolute path");
        for (String segment : s.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("'" + s + "' is not a resolved path (it has an empty, '.' or '..' part)");
            }
        }
        if (!s.endsWith(".yml") && !s.endsWith(".yaml")) return Optional.of("'" + s + "' is not a .yml or .yaml file");
        return Optional.empty();
    }

    private static String excerpt(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() <= 40 ? one : one.substring(0, 40) + " ...";
    }
}
