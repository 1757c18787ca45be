package io.milvusgitops.daemon.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, as controllers do (client-go's
 * leaderelection, through fabric8's port of it). The leader renews the Lease every
 * {@code retryPeriod}; when it cannot renew within {@code renewDeadline} it stops leading, and
 * another replica takes the Lease once {@code leaseDuration} has passed without a renewal. On a
 * clean shutdown the Lease is released, so a rolling restart hands over at once.
 *
 * <p>Losing the Lease in the middle of a step is safe: the step was written ahead in the upgrade
 * record and every step is idempotent, so the new leader resumes it and nothing runs twice.
 */
public final class LeaseLeadership implements Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Duration leaseDuration;
    private final Consumer<Boolean> onChange;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicReference<String> leader = new AtomicReference<>("");
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "leader-election");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<?> running;
    private volatile boolean closed;

    /** {@code onChange} hears true when this process starts leading and false when it stops. */
    public LeaseLeadership(KubernetesClient client, String namespace, String name, String identity, Duration leaseDuration,
                           Consumer<Boolean> onChange) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.onChange = onChange;
    }

    @Override
    public void start() {
        // client-go's defaults keep these ratios: 15s lease, 10s renew deadline, 2s retry.
        Duration renewDeadline = leaseDuration.multipliedBy(2).dividedBy(3);
        Duration retryPeriod = leaseDuration.dividedBy(7);
        LeaderElector elector = new LeaderElectorBuilder(client, executor).withConfig(new LeaderElectionConfigBuilder()
                .withName(name)
                .withLock(new LeaseLock(namespace, name, identity))
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(renewDeadline)
                .withRetryPeriod(retryPeriod)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(() -> change(true), () -> change(false), leader::set))
                .build()).build();
        running = elector.start();
        // fabric8's elector ends for good when this replica cannot renew in time (an API server away
        // for longer than the renew deadline). Stand again, or a lone replica would follow for ever.
        running.whenComplete((ok, error) -> {
            if (closed) return;
            LOG.warn("leader election ended ({}); standing again in {}", error == null ? "lost the Lease" : error.toString(), retryPeriod);
            CompletableFuture.delayedExecutor(retryPeriod.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!closed) start();
            });
        });
        LOG.info("leader election on Lease {}/{} as {}", namespace, name, identity);
    }

    private void change(boolean nowLeading) {
        if (leading.getAndSet(nowLeading) != nowLeading) {
            LOG.info(nowLeading ? "this replica leads: it reconciles the fleet" : "this replica stopped leading: it only observes");
            onChange.accept(nowLeading);
        }
    }

    @Override
    public boolean isLeader() {
        return leading.get();
    }

    @Override
    public String leader() {
        return leader.get();
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> r = running;
        if (r != null) r.cancel(true);
        change(false);
        executor.shutdownNow();
    }
}
