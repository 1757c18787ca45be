package io.milvusgitops.daemon.config;

import io.milvusgitops.daemon.git.GitSourceSettings;
import io.milvusgitops.daemon.helm.ChartSource;
import io.milvusgitops.daemon.notify.Notifier;
import io.milvusgitops.daemon.webhook.WebhookSecrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The daemon's configuration (docs/config.md): every key has a default but git.url. */
public record DaemonConfig(GitSourceSettings git, WebhookSecrets webhooks, int webhookMaxBody, Optional<Path> kubeconfig,
                           Map<String, List<String>> etcdByContext, Map<String, DockerHost> dockerHosts, Path dataDir, String address, int port, Duration reconcileInterval,
                           Duration stepTimeout, Duration recheck, int maxRetries, Optional<LeaderElection> leaderElection,
                           Notifier.Sinks notifications, Duration blockedAfter, ChartSource charts) {

    /** How long policy holds a target back before it is told as a long block (notifications.blockedAfter). */
    public static final Duration BLOCKED_AFTER = Duration.ofHours(24);
    public static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(30);
    public static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration RECHECK = Duration.ofSeconds(10);
    public static final int MAX_RETRIES = 5;
    public static final int WEBHOOK_MAX_BODY = 1 << 20;

    /** Every key at its default but the Git source, the data directory and where HTTP listens: the embedded default of {@code run}. */
    public static DaemonConfig defaults(GitSourceSettings git, Path dataDir, String address, int port) {
        return new DaemonConfig(git, WebhookSecrets.NONE, WEBHOOK_MAX_BODY, Optional.empty(), Map.of(), Map.of(), dataDir, address, port,
                RECONCILE_INTERVAL, STEP_TIMEOUT, RECHECK, MAX_RETRIES, Optional.empty(), Notifier.Sinks.NONE, BLOCKED_AFTER, defaultCharts(dataDir));
    }

    /** The charts when {@code helm} is not set: Milvus's chart repository, its index cached in the data directory. */
    public static ChartSource defaultCharts(Path dataDir) {
        return new ChartSource.Repository(ChartSource.MILVUS_REPOSITORY, dataDir.resolve("helm").resolve("repositories.yaml"));
    }

    /**
     * A Docker host of Compose targets: TLS client certificates for {@code tcp://} hosts, and the etcd of its
     * Milvus projects (empty: the port the project's etcd container publishes, at the host's address).
     */
    public record DockerHost(Optional<Path> tlsCertPath, List<String> etcd) {
        public static final DockerHost DEFAULT = new DockerHost(Optional.empty(), List.of());
    }

    /** Where the replicas elect their leader: a Kubernetes Lease, or a lock key in an etcd where there is no Kubernetes. */
    public sealed interface LeaderElection {
        String name();

        Duration leaseDuration();

        /** A Lease in {@code namespace} of the cluster of {@code context} (empty: the kubeconfig's current context or the pod's own). */
        record Lease(Optional<String> context, String namespace, String name, Duration leaseDuration) implements LeaderElection {
        }

        /** The key {@code /milvus-gitops/leader/<name>} in the etcd at {@code endpoints}, held under an etcd lease. */
        record EtcdLock(List<String> endpoints, String name, Duration leaseDuration) implements LeaderElection {
        }
    }
}
