package io.milvusgitops.daemon.runtime;

import io.milvusgitops.daemon.config.DaemonConfig;
import io.milvusgitops.daemon.git.Backoff;
import io.milvusgitops.daemon.git.DesiredState;
import io.milvusgitops.daemon.git.GitSource;
import io.milvusgitops.daemon.git.PollLoop;
import io.milvusgitops.daemon.git.PollOutcome;
import io.milvusgitops.daemon.http.DaemonHttpServer;
import io.milvusgitops.daemon.http.StatusPage;
import io.milvusgitops.daemon.kube.TargetEvents;
import io.milvusgitops.daemon.leader.EtcdLeadership;
import io.milvusgitops.daemon.leader.LeaseLeadership;
import io.milvusgitops.daemon.leader.Leadership;
import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.notify.BlockWatch;
import io.milvusgitops.daemon.notify.Notifier;
import io.milvusgitops.daemon.reconcile.AuditLog;
import io.milvusgitops.daemon.reconcile.FleetReconciler;
import io.milvusgitops.daemon.reconcile.LeaderOnlyStore;
import io.milvusgitops.daemon.reconcile.Pass;
import io.milvusgitops.daemon.reconcile.TargetLanes;
import io.milvusgitops.daemon.reconcile.UpgradeExecutor;
import io.milvusgitops.daemon.schedule.WindowTriggers;
import io.milvusgitops.daemon.webhook.WebhookHandler;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the object graph from the config by hand and runs it. The Git source
 * polls (and takes webhooks); every new desired state, every reconcile interval and every change the
 * watch-fed caches see triggers a pass over the fleet. Passes are serialised on one thread and each
 * target's step runs on its own lane ({@link TargetLanes}), so no target is ever reconciled twice at
 * once and a slow target never holds the others.
 *
 * <p>With {@code leaderElection} configured, only the replica that holds the Lease (or the etcd lock) runs passes.
 *
 * <p>Besides the interval, Quartz asks for a pass at every maintenance-window opening and closing
 * and at every freeze end of the desired state's policy.
 *
 * <p>Not yet: the Operator driver; Operator targets are observed as absent and left alone.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final Clock clock;
    private final PrometheusMetrics prometheus = new PrometheusMetrics();
    private final TargetBoard metrics = new TargetBoard(prometheus);
    private final GitSource source;
    private final PollLoop poll;
    private final DaemonHttpServer http;
    private final FleetReconciler reconciler;
    private final Leadership leadership;
    private final WindowTriggers windows;
    private final Notifier notifier;
    private final TargetEvents events;
    private final String identity = newIdentity();
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reconcile");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final AtomicBoolean liveChangeQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, Pass> lastPasses = new ConcurrentHashMap<>();
    private final Clusters clusters;
    private final Drivers drivers;
    private final TargetLanes lanes;
    private final List<java.util.function.Consumer<AuditLog.Entry>> auditListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The daemon on the real clusters of the config's kubeconfig. */
    public Daemon(DaemonConfig config, Clock clock) throws IOException {
        this(config, clock, new KubeconfigClusters(config.kubeconfig(), config.etcdByContext()));
    }

    /** The daemon on {@code clusters}: the real ones, or the demo's simulation. It closes them. */
    public Daemon(DaemonConfig config, Clock clock, Clusters clusters) throws IOException {
        this.config = config;
        this.clock = clock;
        this.clusters = clusters;
        // What is open so far, newest first: closed again when a later part fails (a port in use), so that
        // a daemon that never started leaves no thread, socket or client behind.
        java.util.Deque<AutoCloseable> opened = new java.util.ArrayDeque<>(List.of(clusters));
        try {
            Files.createDirectories(config.dataDir());
            this.notifier = open(opened, new Notifier(config.notifications()));
            this.source = open(opened, new GitSource(config.git(), VersionCatalog.builtIn(), clock));
            this.poll = open(opened, new PollLoop(source, Backoff.forInterval(config.git().pollInterval()), this::onPoll));
            this.events = open(opened, new TargetEvents(this::eventPlace, clock, identity));
            AuditLog audit = new AuditLog(config.dataDir().resolve("audit.jsonl"), clock,
                    notifier.andThen(events).andThen(e -> auditListeners.forEach(l -> l.accept(e))));
            metrics.watch(new BlockWatch(config.blockedAfter(), clock, audit));
            this.drivers = new Drivers(clusters, config.dockerHosts(), config.dataDir(), clock, config.recheck(), this::onLiveChange);
            // A pass waits up to 5 s for the targets' steps; a longer one goes on alone and asks for a pass when done.
            this.lanes = open(opened, TargetLanes.parallel(Duration.ofSeconds(5), this::queuePass));
            this.reconciler = new FleetReconciler(drivers::driver,
                    t -> new UpgradeExecutor(new LeaderOnlyStore(drivers.store(t), this::isLeader), drivers.driver(t), FleetReconciler.planner(VersionCatalog.builtIn(), t), audit,
                            metrics, clock, config.stepTimeout(), config.maxRetries()),
                    drivers::store, VersionCatalog.builtIn(), metrics, clock, lanes);
            // Without a context the Lease lives where the daemon runs: the pod's service account (or the
            // default kubeconfig), never the current context of the kubeconfig mounted for the targets.
            this.leadership = open(opened, config.leaderElection().<Leadership>map(l -> switch (l) {
                case DaemonConfig.LeaderElection.Lease k -> new LeaseLeadership(clusters.client(k.context().orElse(Clusters.OWN_CLUSTER)),
                        k.namespace(), k.name(), identity, k.leaseDuration(), this::onLeadership);
                case DaemonConfig.LeaderElection.EtcdLock e -> EtcdLeadership.connect(e.endpoints(), e.name(), identity, e.leaseDuration(),
                        this::onLeadership);
            }).orElseGet(() -> Leadership.alone(identity)));
            metrics.leader(leadership.isLeader());
            this.windows = open(opened, new WindowTriggers(this::queuePass, clock));
            this.http = new DaemonHttpServer(new InetSocketAddress(config.address(), config.port()), prometheus::scrape,
                    () -> source.desired().isPresent(), this::status,
                    new WebhookHandler(config.webhooks(), config.git().branch(), poll::trigger, config.webhookMaxBody()), WebhookHandler.PATH);
            http.statusPage(this::page);
        } catch (IOException | RuntimeException e) {
            passes.shutdownNow();
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static <T extends AutoCloseable> T open(java.util.Deque<AutoCloseable> opened, T part) {
        opened.push(part);
        return part;
    }

    /** The page at {@code /}: what a person looks at instead of the logs. */
    private String page() {
        var s = source.status();
        List<String> environments = s.desired().map(d -> d.fleet().environments().stream().map(e -> e.name()).toList()).orElse(List.of());
        Map<String, String> passes = new LinkedHashMap<>();
        lastPasses.forEach((k, v) -> passes.put(k, describe(v)));
        return StatusPage.render(new StatusPage.View(clusters.simulation(), s.url(), s.followed(), s.desired().map(DesiredState::commit).orElse(""),
                s.desiredStateValid(), s.rejected().map(r -> r.describe()), leadership.isLeader(), leadership.leader(), environments,
                metrics.targets(), passes, history(20), clock.instant()));
    }

    private static String describe(Pass p) {
        return switch (p) {
            case Pass.Idle i -> i.why();
            case Pass.Continue c -> "working: " + c.what();
            case Pass.WaitFor w -> "waiting " + w.after().toSeconds() + "s: " + w.what();
            case Pass.Halted h -> "halted: " + h.reason();
        };
    }

    /** The upgrade record of every target that has one ("environment/target" -> the plan and where it stands), from the caches. */
    private Map<String, Object> plans() {
        Map<String, Object> out = new LinkedHashMap<>();
        source.desired().ifPresent(d -> d.fleet().environments().forEach(e -> e.targets().forEach(t -> {
            String key = e.name() + "/" + t.name();
            try {
                drivers.store(t).peek(key).ifPresent(r -> {
                    Map<String, Object> plan = new LinkedHashMap<>();
                    plan.put("plan", r.planId());
                    plan.put("commit", r.desiredCommit());
                    plan.put("from", r.planFrom().toString());
                    plan.put("to", r.planTo().toString());
                    plan.put("hop", r.hopIndex());
                    plan.put("step", r.stepIndex());
                    plan.put("phase", r.phase().name());
                    plan.put("message", r.message());
                    plan.put("updatedAt", r.updatedAt().toString());
                    out.put(key, plan);
                });
            } catch (IOException | RuntimeException unreadable) {
                out.put(key, Map.of("error", String.valueOf(unreadable.getMessage())));
            }
        })));
        return out;
    }

    /** The newest {@code n} lines of the audit log, newest first. */
    private List<String> history(int n) {
        Path file = config.dataDir().resolve("audit.jsonl");
        try {
            if (!Files.isRegularFile(file)) return List.of();
            List<String> lines = Files.readAllLines(file);
            List<String> tail = new java.util.ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
            java.util.Collections.reverse(tail);
            return tail;
        } catch (IOException e) {
            return List.of("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Events of a Helm target go to its release's namespace; other targets have none. */
    private Optional<TargetEvents.Place> eventPlace(String key) {
        return source.desired().flatMap(d -> d.fleet().environments().stream()
                .flatMap(e -> e.targets().stream().filter(t -> key.equals(e.name() + "/" + t.name())))
                .findFirst())
                .flatMap(t -> t.location() instanceof Location.HelmRelease h
                        ? Optional.of(new TargetEvents.Place(clusters.client(h.context()), h.namespace())) : Optional.empty());
    }

    public void start() {
        leadership.start();
        poll.start();
        passes.scheduleWithFixedDelay(this::queuePass, config.reconcileInterval().toMillis(), config.reconcileInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("milvus-gitops runs: Git {} ({}), HTTP on {}:{}", config.git().safeUrl(), config.git().followed(), config.address(), http.port());
    }

    /**
     * One poll and one reconcile pass, on the calling thread, then the status: {@code run --once}, for a
     * smoke test or a cron job. Refused with leader election, which a one-shot run cannot take part in.
     */
    public Map<String, Object> once() {
        if (config.leaderElection().isPresent()) {
            throw new IllegalStateException("--once does not take part in leader election: remove leaderElection from the config, "
                    + "or run the daemon without --once");
        }
        PollOutcome outcome = source.poll();
        metrics.gitSource(source.status());
        if (outcome instanceof PollOutcome.Applied applied) windows.update(applied.state().fleet());
        pass();
        return status();
    }

    private boolean isLeader() {
        return leadership.isLeader();
    }

    /** {@code listener} hears every audit-log line (the demo prints them); it must not block. */
    public void onAudit(java.util.function.Consumer<AuditLog.Entry> listener) {
        auditListeners.add(listener);
    }

    public int port() {
        return http.port();
    }

    private void onPoll(PollOutcome outcome) {
        metrics.gitSource(source.status());
        if (outcome instanceof PollOutcome.Applied applied) {
            windows.update(applied.state().fleet());
            queuePass();
        }
    }

    /** Passes are coalesced: a pass asked for while one is queued is the same pass. */
    private void queuePass() {
        if (passQueued.compareAndSet(false, true)) {
            try {
                passes.execute(this::pass);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                passQueued.set(false); // shutting down: a late step or a watch asked, nobody is left to pass
            }
        }
    }

    /**
     * A watched object changed (a rollout moved, someone scaled a component): a pass within a second. A
     * burst of changes (every status update of a rollout) is one pass.
     */
    private void onLiveChange() {
        if (liveChangeQueued.compareAndSet(false, true)) {
            try {
                passes.schedule(() -> {
                    liveChangeQueued.set(false);
                    queuePass();
                }, 1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // shutting down: no more passes
            }
        }
    }

    private void onLeadership(boolean leading) {
        metrics.leader(leading);
        if (leading) queuePass();
    }

    private void pass() {
        passQueued.set(false);
        Optional<DesiredState> desired = source.desired();
        // Followers follow Git and serve status, but never act: the leader alone drives the fleet.
        if (desired.isEmpty() || !leadership.isLeader()) return;
        try {
            Map<String, Pass> result = reconciler.pass(desired.get(), leadership::isLeader);
            lastPasses.putAll(result);
            if (result.values().stream().anyMatch(p -> p instanceof Pass.Continue)) {
                queuePass();
            } else {
                result.values().stream().filter(p -> p instanceof Pass.WaitFor).map(p -> ((Pass.WaitFor) p).after()).min(Duration::compareTo)
                        .ifPresent(d -> passes.schedule(this::queuePass, d.toMillis(), TimeUnit.MILLISECONDS));
            }
        } catch (RuntimeException e) {
            LOG.error("reconcile pass failed", e);
        }
    }

    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        var s = source.status();
        Map<String, Object> git = new LinkedHashMap<>();
        git.put("url", s.url());
        git.put("follows", s.followed());
        git.put("commit", s.desired().map(DesiredState::commit).orElse(""));
        git.put("desiredStateValid", s.desiredStateValid());
        s.rejected().ifPresent(r -> git.put("rejected", r.describe()));
        s.lastError().ifPresent(e -> git.put("lastError", e));
        out.put("git", git);
        clusters.simulation().ifPresent(n -> out.put("simulation", n));
        out.put("leader", Map.of("identity", identity, "leading", leadership.isLeader(), "leader", leadership.leader()));
        Map<String, Object> targets = new LinkedHashMap<>();
        lastPasses.forEach((k, v) -> targets.put(k, describe(v)));
        out.put("targets", targets);
        out.put("states", metrics.targets());
        out.put("plans", plans());
        out.put("history", history(20));
        return out;
    }

    /** The pod name in Kubernetes (HOSTNAME), else the host name, with a random suffix as client-go does: unique per daemon. */
    private static String newIdentity() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "unknown-host";
            }
        });
        return host + "_" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return; // the shutdown hook and try-with-resources both close
        passes.shutdownNow();
        boolean idle = false;
        try {
            // A step in flight finishes (or is interrupted) before the Lease goes to another replica.
            idle = passes.awaitTermination(30, TimeUnit.SECONDS) && lanes.awaitIdle(Duration.ofSeconds(30));
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
            // A step still runs: let the Lease expire rather than hand it over while the step acts.
            LOG.warn("a step is still running at shutdown: the leadership (Lease or etcd lock) is left to expire, not released");
            leadership.abandon();
        }
        poll.close();
        http.close();
        source.close();
        drivers.close();
        clusters.close();
    }
}
