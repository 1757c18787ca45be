package io.milvusgitops.daemon.leader;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.milvusgitops.daemon.safety.Failures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a lock key in etcd, for replicas without Kubernetes (Compose hosts that share an etcd). The key is
 * {@code /milvus-gitops/leader/<name>}, its value the holder's identity, held under an etcd lease whose TTL is the
 * {@code leaseDuration}. One thread ticks every {@code leaseDuration / 7}:
 * <ul>
 * <li>A follower reads the key. Held: it notes the holder. Free: it grants a lease and creates the key under it in one
 *     transaction that succeeds only if the key still does not exist; the replica whose transaction succeeds leads.
 * <li>The leader renews its lease and reads the key, both at once. The renewal counts only if the key is still held under
 *     its lease. A lease gone, a key deleted or taken, or no answer, and the leadership ends (at its deadline at the latest,
 *     below); the lease is revoked, and the replica stands again a tick later, as a follower, without a restart.
 * <li>A watch on the key makes both prompt: a follower campaigns the moment the key goes (a resign, an expiry), and a
 *     leader whose key is deleted or overwritten stops at once, not at its next tick. The ticks alone are still enough.
 * <li>{@link #close()} resigns (revokes the lease, which deletes the key), so another replica takes over at once;
 *     {@link #abandon()} does not, and the key expires after the TTL.
 * </ul>
 *
 * <p>Why leadership ends before the TTL does. etcd keeps the key until the lease expires, at least a TTL after etcd
 * <em>received</em> the last renewal; this replica counts from when it <em>sent</em> it, which is earlier. A replica cut
 * off from etcd (a partition, etcd down) cannot hear that its lease expired and another replica took the key, so it
 * believes it leads only until {@code lastRenewalSent + 2/3 TTL} (client-go's ratio of renew deadline to lease), on the
 * monotonic clock, checked at every {@link #isLeader()}: no thread has to notice in time. Another replica can take the
 * key only after {@code lastRenewalSent + TTL}; the remaining third is the margin for a step that starts just before the
 * deadline, for clock rates that differ between hosts, and for a pause (GC) between the check and the act. A pause
 * longer than that is what a lock without fencing cannot cover; as with the Lease, the step's write-ahead record and
 * idempotence do: the next leader resumes the step and nothing is done twice.
 *
 * <p>Time is {@link System#nanoTime()}, not the daemon's {@code Clock}: a wall clock that is set back would stretch a
 * leadership past its lease.
 */
public final class EtcdLeadership implements Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdLeadership.class);
    private static final long NONE = Long.MAX_VALUE;

    private final Client client;
    private final String name;
    private final ByteSequence key;
    private final String identity;
    private final long ttlSeconds;
    private final long tickMillis;
    private final Consumer<Boolean> onChange;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "leader-election");
        t.setDaemon(true);
        return t;
    });

    // Written by the tick thread (and close); read by any thread through isLeader() and by the watch.
    private volatile boolean leading;
    private volatile long leaseId;
    private volatile long keyRevision = NONE; // the revision that created our key: later events on it mean we lost it
    private volatile long validUntil;         // System.nanoTime() when this leadership ends without a renewal
    private volatile boolean lost;            // the watch saw our key deleted or overwritten
    private volatile long standAgainAt;
    private volatile boolean closed;
    private volatile String leader = "";
    private volatile boolean unreachable;
    private volatile boolean watchBroken;
    private volatile Watch.Watcher watcher; // opened by the tick thread

    /** {@code onChange} hears true when this process starts leading and false when it stops. It closes {@code client}. */
    public EtcdLeadership(Client client, String name, String identity, Duration leaseDuration, Consumer<Boolean> onChange) {
        this.client = client;
        this.name = name;
        this.key = bytes("/milvus-gitops/leader/" + name);
        this.identity = identity;
        this.ttlSeconds = Math.max(1, (leaseDuration.toMillis() + 999) / 1000); // etcd's TTLs are whole seconds
        this.tickMillis = Math.max(100, leaseDuration.toMillis() / 7);
        this.onChange = onChange;
    }

    /** On a client of its own for {@code endpoints}, which it closes. */
    public static EtcdLeadership connect(List<String> endpoints, String name, String identity, Duration leaseDuration, Consumer<Boolean> onChange) {
        // jetcd retries a failed call on its own; bounded, so that calls of an outage do not pile up behind the ticks.
        Client client = Client.builder().endpoints(endpoints.toArray(String[]::new)).retryMaxDuration(leaseDuration)
                .connectTimeout(leaseDuration.dividedBy(3)).build();
        return new EtcdLeadership(client, name, identity, leaseDuration, onChange);
    }

    @Override
    public void start() {
        ticks.scheduleWithFixedDelay(this::tick, 0, tickMillis, TimeUnit.MILLISECONDS);
        LOG.info("leader election on the etcd lock {} as {}", name, identity);
    }

    @Override
    public boolean isLeader() {
        return leading && !lost && !closed && System.nanoTime() - validUntil < 0;
    }

    @Override
    public String leader() {
        return leader;
    }

    private void tick() {
        if (closed) return;
        try {
            watch();
            if (leading && lost) lose("its key was deleted or taken in etcd");
            else if (leading) renew();
            else campaign();
            if (unreachable) LOG.info("etcd answers again: the etcd lock {} is followed", name);
            unreachable = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) { // never let one escape: the executor would stop ticking for good
            if (!unreachable) LOG.warn("cannot reach etcd for the lock {} ({}): retrying every {} ms", name, describe(e), tickMillis);
            unreachable = true;
        }
        if (leading && System.nanoTime() - validUntil >= 0) lose("no renewal within 2/3 of the lease's " + ttlSeconds + "s");
    }

    private void renew() throws Exception {
        long sent = System.nanoTime();
        var renewal = client.getLeaseClient().keepAliveOnce(leaseId);
        var read = client.getKVClient().get(key);
        long ttl = await(renewal).getTTL();
        List<KeyValue> held = await(read).getKvs();
        if (ttl <= 0) {
            lose("its lease expired in etcd");
        } else if (held.isEmpty() || held.get(0).getLease() != leaseId) {
            lose("its key was deleted or taken in etcd");
        } else {
            validUntil = sent + deadline(ttl);
        }
    }

    private void campaign() throws Exception {
        List<KeyValue> held = await(client.getKVClient().get(key)).getKvs();
        if (!held.isEmpty()) {
            KeyValue kv = held.get(0);
            leader = kv.getValue().toString(StandardCharsets.UTF_8);
            // Held in our name but not by us: a campaign whose answer timed out, or a leadership that ended while etcd
            // was away. Free it now rather than leave the fleet without a leader until its TTL.
            if (leader.equals(identity)) client.getLeaseClient().revoke(kv.getLease());
            return;
        }
        leader = "";
        if (System.nanoTime() - standAgainAt < 0) return;
        long sent = System.nanoTime();
        LeaseGrantResponse grant = await(client.getLeaseClient().grant(ttlSeconds));
        TxnResponse txn = await(client.getKVClient().txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(key, bytes(identity), PutOption.builder().withLeaseId(grant.getID()).build()))
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit());
        if (!txn.isSucceeded()) {
            client.getLeaseClient().revoke(grant.getID());
            txn.getGetResponses().stream().flatMap(g -> g.getKvs().stream()).findFirst()
                    .ifPresent(kv -> leader = kv.getValue().toString(StandardCharsets.UTF_8));
            return;
        }
        leaseId = grant.getID();
        keyRevision = txn.getHeader().getRevision();
        validUntil = sent + deadline(grant.getTTL());
        lost = false;
        leader = identity;
        change(true);
    }

    /** Stops leading, frees the key if etcd still holds it for us, and stands again after a tick (a healthy peer goes first). */
    private void lose(String why) {
        long lease = leaseId;
        leaseId = 0;
        keyRevision = NONE;
        standAgainAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tickMillis);
        leader = "";
        LOG.warn("this replica lost the etcd lock {}: {}", name, why);
        change(false);
        if (lease != 0) client.getLeaseClient().revoke(lease); // may fail (etcd away, lease gone): then it expires
    }

    /** (Re)opens the watch: jetcd ends one for good when its connection breaks, and the ticks alone are slower. */
    private void watch() {
        if (watcher != null && !watchBroken) return;
        if (watcher != null) watcher.close();
        watchBroken = false;
        watcher = client.getWatchClient().watch(key, WatchOption.DEFAULT, Watch.listener(this::onEvents, error -> {
            if (!unreachable) LOG.warn("the watch on the etcd lock {} ended ({}): watching again", name, error.toString());
            watchBroken = true;
        }));
    }

    private void onEvents(WatchResponse response) {
        for (WatchEvent e : response.getEvents()) {
            KeyValue kv = e.getKeyValue();
            boolean ours = e.getEventType() == WatchEvent.EventType.PUT && kv.getLease() == leaseId;
            if (!ours && kv.getModRevision() > keyRevision) lost = true; // isLeader() is false from now on
        }
        try {
            ticks.execute(this::tick);
        } catch (RejectedExecutionException closing) {
            // closed: nothing to do
        }
    }

    private synchronized void change(boolean nowLeading) {
        if (leading != nowLeading) {
            leading = nowLeading;
            LOG.info(nowLeading ? "this replica leads: it reconciles the fleet" : "this replica stopped leading: it only observes");
            onChange.accept(nowLeading);
        }
    }

    /** Resigns: revoking the lease deletes the key, and the watch of another replica makes it campaign at once. */
    @Override
    public void close() {
        stop(true);
    }

    /** Stops without resigning, as a crash would: the key stays until its TTL ends (a step still runs and must not be handed over). */
    @Override
    public void abandon() {
        stop(false);
    }

    private void stop(boolean resign) {
        if (closed) return;
        closed = true; // isLeader() is false from here on
        ticks.shutdownNow();
        try {
            ticks.awaitTermination(tickMillis * 2, TimeUnit.MILLISECONDS); // a tick's calls are bounded by tickMillis each
            // Said before the key goes: no other replica can be told it leads before this one has said it stopped.
            change(false);
            if (resign && leaseId != 0) await(client.getLeaseClient().revoke(leaseId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("could not resign the etcd lock {} ({}): it expires after {}s", name, describe(e), ttlSeconds);
        }
        if (watcher != null) watcher.close();
        change(false);
        client.close();
    }

    private <T> T await(CompletableFuture<T> call) throws Exception {
        return call.get(tickMillis, TimeUnit.MILLISECONDS);
    }

    private static long deadline(long ttlSeconds) {
        return TimeUnit.SECONDS.toNanos(ttlSeconds) * 2 / 3;
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return Failures.describe(cause);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
