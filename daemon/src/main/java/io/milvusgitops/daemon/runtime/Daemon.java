package io.milvusgitops.daemon.runtime;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.git.Backoff;
import io.milvusgitops.daemon.git.DesiredState;
import io.milvusgitops.daemon.git.GitSource;
import io.milvusgitops.daemon.git.PollLoop;
import io.milvusgitops.daemon.git.PollOutcome;
import io.milvusgitops.daemon.http.DaemonHttpServer;
import io.milvusgitops.daemon.kube.TargetEvents;
import io.milvusgitops.daemon.leader.EtcdLeadership;
import io.milvusgitops.daemon.leader.Leadership;
import io.milvusgitops.daemon.leader.LeaseLeadership;
import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.notify.BlockWatch;
import io.milvusgitops.daemon.notify.Notifier;
import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.page.StatusPages;
import io.milvusgitops.daemon.reconcile.FleetReconciler;
import io.milvusgitops.daemon.reconcile.Pass;
import io.milvusgitops.daemon.reconcile.PlanCheck;
import io.milvusgitops.daemon.reconcile.RetryPolicy;
import io.milvusgitops.daemon.reconcile.TargetLanes;
import io.milvusgitops.daemon.reconcile.UpgradeExecutor;
import io.milvusgitops.daemon.record.LeaderOnlyStore;
import io.milvusgitops.daemon.schedule.PassScheduler;
import io.milvusgitops.daemon.schedule.WindowTriggers;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.StatusService;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.webhook.FollowedRef;
import io.milvusgitops.daemon.webhook.WebhookHandler;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the object graph from the config by hand, starts it and stops it.
 * <pre>
 *   GitSource --poll/webhook--> PollLoop --new desired state--> PassScheduler --pass--> FleetReconciler
 *   FleetReconciler --observe/execute--> Drivers (Helm, Compose) --records--> StateStore; lines --> AuditLog
 *   FleetReconciler --states--> TargetStates --> metrics, long-block watch;  StatusService --> /api/v1/status, page
 * </pre>
 * With {@code leaderElection} configured, only the replica that holds the Lease (or the etcd lock)
 * runs passes; Quartz asks for a pass at every window edge and freeze end ({@link WindowTriggers}).
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Passes that fail as a whole are tried again after 1 s, 2 s, 4 s ... at most a minute apart. */
    private static final RetryPolicy PASS_RETRY = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofMinutes(1));

    private final DaemonConfig config;
    private final PrometheusMetrics prometheus = new PrometheusMetrics();
    private final TargetStates states = new TargetStates();
    private final String identity = newIdentity();
    private final List<Consumer<AuditLog.Entry>> auditListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Infrastructure infra;
    private final GitSource source;
    private final PollLoop poll;
    private final Notifier notifier;
    private final TargetEvents events;
    private final Drivers drivers;
    private final TargetLanes lanes;
    private final FleetReconciler reconciler;
    private final Leadership leadership;
    private final PassScheduler scheduler;
    private final WindowTriggers windows;
    private final StatusService status;
    private final DaemonHttpServer http;

    /** The daemon on real clusters and Docker hosts. */
    public Daemon(DaemonConfig config, Clock clock) throws IOException {
        this(config, clock, Infrastructure.real(config, VersionCatalog.builtIn()));
    }

    /** The daemon on {@code infra}: production's, or the demo's. It closes it. */
    public Daemon(DaemonConfig config, Clock clock, Infrastructure infra) throws IOException {
        this.config = config;
        this.infra = infra;
        VersionCatalog catalog = VersionCatalog.builtIn();
        // What is open so far, newest first: closed again when a later part fails (a port in use), so that
        // a daemon that never started leaves no thread, socket or client behind.
        Deque<AutoCloseable> opened = new ArrayDeque<>(List.of(infra));
        try {
            Files.createDirectories(config.dataDir());
            notifier = open(opened, new Notifier(config.notifications()));
            source = open(opened, new GitSource(config.git(), catalog, clock));
            scheduler = open(opened, new PassScheduler(this::pass, config.reconcileInterval(), PASS_RETRY));
            poll = open(opened, new PollLoop(source, Backoff.forInterval(config.git().pollInterval()), this::onPoll));
            events = open(opened, new TargetEvents(this::eventPlace, clock, identity));
            AuditLog audit = new AuditLog(config.dataDir().resolve("audit.jsonl"), clock,
                    notifier.andThen(events).andThen(prometheus::audited).andThen(e -> auditListeners.forEach(l -> l.accept(e))));
            drivers = open(opened, new Drivers(infra, config.dataDir(), clock, config.recheck(), Optional.of(scheduler::liveChanged)));
            // A pass waits up to 5 s for the targets' steps; a longer one goes on alone and asks for a pass when done.
            lanes = open(opened, TargetLanes.parallel(Duration.ofSeconds(5), scheduler::request));
            PlanCheck check = PlanCheck.inForce();
            reconciler = new FleetReconciler(drivers::driver, t -> executor(t, check, audit, clock), drivers::store, states, prometheus,
                    clock, lanes);
            leadership = open(opened, leadership(config));
            states.listen(prometheus);
            states.listen(new BlockWatch(config.blockedAfter(), clock, audit));
            prometheus.leader(leadership.isLeader());
            windows = open(opened, new WindowTriggers(scheduler::request, clock));
            status = new StatusService(source::status, leadership, identity, states, (t, key) -> drivers.store(t).peek(key), audit, infra.notice(),
                    clock);
            http = new DaemonHttpServer(new InetSocketAddress(config.address(), config.port()), prometheus::scrape,
                    () -> source.desired().isPresent(), () -> Json.tree(status.report()),
                    new WebhookHandler(config.webhooks(), config.git().tagPattern().map(FollowedRef::tags)
                            .orElseGet(() -> FollowedRef.branch(config.git().branch())), poll::trigger, config.webhookMaxBody(), clock),
                    WebhookHandler.PATH);
            http.pages(new StatusPages(status::report));
        } catch (IOException | RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
    }

    private UpgradeExecutor executor(Target t, PlanCheck check, AuditLog audit, Clock clock) {
        // The record names the catalog in force at the plan's start (built-in digest + the fleet's additions): see the Turn.
        return new UpgradeExecutor(new LeaderOnlyStore(drivers.store(t), this::isLeader), drivers.driver(t), check, audit, prometheus,
                clock, config.stepTimeout(), RetryPolicy.steps(config.maxRetries()));
    }

    /** Without a context the Lease lives where the daemon runs: the pod's service account, never the targets' kubeconfig context. */
    private Leadership leadership(DaemonConfig config) {
        return config.leaderElection().<Leadership>map(l -> switch (l) {
            case DaemonConfig.LeaderElection.Lease k -> new LeaseLeadership(infra.clusters().client(k.context().orElse(Clusters.OWN_CLUSTER)),
                    k.namespace(), k.name(), identity, k.leaseDuration(), this::onLeadership);
            case DaemonConfig.LeaderElection.EtcdLock e -> EtcdLeadership.connect(e.endpoints(), e.name(), identity, e.leaseDuration(),
                    this::onLeadership);
        }).orElseGet(() -> Leadership.alone(identity));
    }

    private static <T extends AutoCloseable> T open(Deque<AutoCloseable> opened, T part) {
        opened.push(part);
        return part;
    }

    private static void closeAll(Deque<AutoCloseable> opened, Exception cause) {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }

    public void start() {
        leadership.start();
        poll.start();
        scheduler.start();
        LOG.info("milvus-gitops runs: Git {} ({}), HTTP on {}:{}", config.git().safeUrl(), config.git().followed(), config.address(), http.port());
    }

    /**
     * One poll and one reconcile pass, on the calling thread, then the status: {@code run --once}, for a
     * smoke test or a cron job. Refused with leader election, which a one-shot run cannot take part in.
     */
    public StatusReport once() {
        if (config.leaderElection().isPresent()) {
            throw new IllegalStateException("--once does not take part in leader election: remove leaderElection from the config, "
                    + "or run the daemon without --once");
        }
        PollOutcome outcome = source.poll();
        prometheus.gitSource(source.status());
        if (outcome instanceof PollOutcome.Applied applied) windows.update(applied.state().fleet());
        pass();
        return status.report();
    }

    /** {@code listener} hears every audit-log line (the demo prints them); it must not block. */
    public void onAudit(Consumer<AuditLog.Entry> listener) {
        auditListeners.add(listener);
    }

    public int port() {
        return http.port();
    }

    /** Polls Git now and then runs a pass, as a webhook delivery does. */
    public void refresh() {
        poll.trigger();
        scheduler.request();
    }

    public StatusReport status() {
        return status.report();
    }

    private boolean isLeader() {
        return leadership.isLeader();
    }

    private void onPoll(PollOutcome outcome) {
        prometheus.gitSource(source.status());
        if (outcome instanceof PollOutcome.Applied applied) {
            windows.update(applied.state().fleet());
            scheduler.request();
        }
    }

    private void onLeadership(boolean leading) {
        prometheus.leader(leading);
        if (leading) scheduler.request();
        else states.forget();
    }

    /** One pass, when there is a desired state and this replica leads: followers follow Git and serve status, never act. */
    private Map<TargetKey, Pass> pass() {
        Optional<DesiredState> desired = source.desired();
        if (desired.isEmpty() || !leadership.isLeader()) return Map.of();
        return reconciler.pass(desired.get(), leadership::isLeader);
    }

    /** Events of a Kubernetes target go to its namespace; other targets have none. */
    private Optional<TargetEvents.Place> eventPlace(TargetKey key) {
        return source.desired().flatMap(d -> d.fleet().environment(key.environment()))
                .flatMap(e -> e.targets().stream().filter(t -> t.name().equals(key.target())).findFirst())
                .flatMap(t -> switch (t.location()) {
                    case Location.HelmRelease h -> Optional.of(new TargetEvents.Place(infra.clusters().client(h.context()), h.namespace()));
                    case Location.MilvusResource m -> Optional.of(new TargetEvents.Place(infra.clusters().client(m.context()), m.namespace()));
                    case Location.ComposeProject c -> Optional.empty();
                });
    }

    /** The pod name in Kubernetes (HOSTNAME), else the host name, with a random suffix as client-go does: unique per daemon. */
    private static String newIdentity() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown-host";
            }
        });
        return host + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return; // the shutdown hook and try-with-resources both close
        boolean idle = false;
        try {
            // A step in flight finishes (or is interrupted) before the leadership goes to another replica.
            idle = scheduler.stop(Duration.ofSeconds(30)) && lanes.awaitIdle(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanes.close();
        windows.close();
        notifier.close();
        events.close();
        if (idle) {
            leadership.close(); // releases the Lease, so that another replica takes over at once
        } else {
            LOG.warn("a step is still running at shutdown: the leadership (Lease or etcd lock) is left to expire, not released");
            leadership.abandon();
        }
        poll.close();
        http.close();
        source.close();
        drivers.close();
        infra.close();
    }
}
