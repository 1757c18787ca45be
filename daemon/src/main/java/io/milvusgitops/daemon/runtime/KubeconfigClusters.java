package io.milvusgitops.daemon.runtime;

import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.milvusgitops.daemon.config.KubeconfigFile;
import io.milvusgitops.daemon.helm.ChartSource;
import io.milvusgitops.daemon.helm.HelmClient;
import io.milvusgitops.daemon.helm.HelmJavaClient;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The real clusters: the configured kubeconfig's contexts, native Helm, and the etcd endpoints of the config. */
public final class KubeconfigClusters implements Clusters {

    private final Optional<Path> kubeconfig;
    private final Map<String, List<String>> etcdByContext;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Client> etcd = new ConcurrentHashMap<>();
    private final ChartSource charts;

    /** {@code kubeconfig}: the file, else the usual search; {@code etcdByContext}: the Milvus etcd endpoints per context. */
    public KubeconfigClusters(Optional<Path> kubeconfig, Map<String, List<String>> etcdByContext, ChartSource charts) {
        this.kubeconfig = kubeconfig;
        this.etcdByContext = etcdByContext;
        this.charts = charts;
    }

    @Override
    public KubernetesClient client(String context) {
        // The configured kubeconfig, else the usual search (KUBECONFIG, ~/.kube/config, then the pod's service account).
        return clients.computeIfAbsent(context, k -> {
            Config cfg = OWN_CLUSTER.equals(context) ? Config.autoConfigure(null)
                    : kubeconfig.map(f -> KubeconfigFile.load(f, context)).orElseGet(() -> searched(context));
            // fabric8 falls back to the current context (or localhost) when the named one does not exist: a
            // typo in the fleet would then act on another cluster. Refuse it instead.
            if (!OWN_CLUSTER.equals(context) && (cfg.getCurrentContext() == null || !context.equals(cfg.getCurrentContext().getName()))) {
                throw new IllegalArgumentException("kubeconfig " + kubeconfig.map(Path::toString).orElse("(KUBECONFIG or ~/.kube/config)")
                        + " has no context '" + context + "': add it, or correct kubernetes.context of the fleet's targets");
            }
            // fabric8 retries a failed request ten times with backoff (about 20 s): an unreachable cluster
            // would hold every pass, and every other target, for that long. The next pass is the retry.
            cfg.setRequestRetryBackoffLimit(1);
            cfg.setConnectionTimeout(5_000);
            return new KubernetesClientBuilder().withConfig(cfg).build();
        });
    }

    /** fabric8's own search (KUBECONFIG, ~/.kube/config, in-cluster); its errors quote the file, so they are not passed on. */
    private static Config searched(String context) {
        try {
            return Config.autoConfigure(context);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the kubeconfig (KUBECONFIG or ~/.kube/config) cannot be read as a kubeconfig: check it with "
                    + "kubectl config view, or name one with kubernetes.kubeconfig (--kubeconfig)");
        }
    }

    @Override
    public HelmClient helm(String context) {
        return new HelmJavaClient(kubeconfigFile(), context, charts);
    }

    /**
     * The file Helm reads: the configured one, else the first of KUBECONFIG, else ~/.kube/config; the
     * same search as fabric8's, so that Helm acts on the cluster the daemon observed.
     */
    private Path kubeconfigFile() {
        return kubeconfig.orElseGet(() -> Optional.ofNullable(System.getenv("KUBECONFIG")).filter(k -> !k.isBlank())
                .map(k -> Path.of(k.split(File.pathSeparator)[0]))
                .orElse(Path.of(System.getProperty("user.home"), ".kube", "config")));
    }

    @Override
    public Client etcd(String context) {
        return etcd.computeIfAbsent(context, k -> {
            List<String> endpoints = etcdByContext.getOrDefault(context, List.of());
            return Client.builder().endpoints(endpoints.isEmpty() ? new String[] {"http://127.0.0.1:2379"} : endpoints.toArray(String[]::new))
                    .build();
        });
    }

    @Override
    public void close() {
        clients.values().forEach(KubernetesClient::close);
        etcd.values().forEach(Client::close);
    }
}
