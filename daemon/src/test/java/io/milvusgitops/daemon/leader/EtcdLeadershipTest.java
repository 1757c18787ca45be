package io.milvusgitops.daemon.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.milvusgitops.daemon.testing.PartitionProxy;
import io.milvusgitops.daemon.testing.RealEtcd;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replicas elect one leader on a lock key in a real etcd. Every test asserts on etcd's own state, and on the one property
 * that matters: two replicas never both say they lead. The lease is 3s (a renewal every ~430 ms, a leadership that is
 * not renewed ends after 2s).
 */
class EtcdLeadershipTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    static final Duration LEASE = Duration.ofSeconds(3);

    final List<String> changes = new CopyOnWriteArrayList<>();
    String lock;

    @Test
    void exactlyOneOfTwoLeadsTheKeyNamesItAndClosingHandsOverAtOnce(TestInfo test) throws Exception {
        lock = test.getTestMethod().orElseThrow().getName();
        try (EtcdLeadership a = replica("a", etcd.endpoint()); EtcdLeadership b = replica("b", etcd.endpoint())) {
            a.start();
            b.start(); // both campaign at the same moment
            await(() -> a.isLeader() || b.isLeader(), "one leads", Duration.ofSeconds(5));
            EtcdLeadership leader = a.isLeader() ? a : b;
            EtcdLeadership follower = leader == a ? b : a;
            String leaderName = leader == a ? "replica-a" : "replica-b";
            await(() -> follower.leader().equals(leaderName), "the follower knows the leader", Duration.ofSeconds(5));
            for (long end = System.nanoTime() + Duration.ofSeconds(1).toNanos(); System.nanoTime() < end; Thread.sleep(10)) {
                // several renewals and follower ticks: the held lock is never taken
                assertThat(a.isLeader() && b.isLeader()).as("two leaders").isFalse();
                assertThat(follower.isLeader()).isFalse();
            }
            KeyValue key = key().orElseThrow();
            assertThat(key.getValue().toString(StandardCharsets.UTF_8)).isEqualTo(leaderName);
            assertThat(key.getLease()).as("held under a lease, so that it expires with its holder").isNotZero();
            assertThat(leader.leader()).isEqualTo(leaderName);

            long closed = System.nanoTime();
            leader.close(); // resigns
            assertThat(leader.isLeader()).isFalse();
            await(follower::isLeader, "the follower takes over", Duration.ofSeconds(1));
            report("resign -> takeover", closed);
            assertThat(key().orElseThrow().getValue().toString(StandardCharsets.UTF_8)).isEqualTo(follower == a ? "replica-a" : "replica-b");
            String l = leaderName.substring("replica-".length());
            String f = l.equals("a") ? "b" : "a";
            assertThat(changes).containsExactly(l + ":true", l + ":false", f + ":true");
        }
    }

    @Test
    void aCrashedLeaderKeepsTheKeyUntilItsTtlThenTheOtherTakesOver(TestInfo test) throws Exception {
        lock = test.getTestMethod().orElseThrow().getName();
        try (EtcdLeadership a = replica("a", etcd.endpoint()); EtcdLeadership b = replica("b", etcd.endpoint())) {
            a.start();
            await(a::isLeader, "replica-a leads", Duration.ofSeconds(5));
            b.start();
            await(() -> b.leader().equals("replica-a"), "replica-b follows replica-a", Duration.ofSeconds(5));

            long crashed = System.nanoTime();
            a.abandon(); // stops renewing and closes its client, without resigning
            assertThat(a.isLeader()).isFalse();
            assertThat(holder()).as("nobody resigned: etcd still holds the key for replica-a").contains("replica-a");
            await(b::isLeader, "replica-b takes over once the lease expired", LEASE.plusSeconds(2));
            long took = report("crash -> takeover", crashed);
            assertThat(took).as("not before the lease of the last renewal ran out").isGreaterThan(LEASE.toMillis() / 2);
            assertThat(holder()).contains("replica-b");
        }
    }

    @Test
    void aPartitionedLeaderStopsBeforeEtcdLetsItsKeyGoAndFollowsAfterTheHeal(TestInfo test) throws Exception {
        lock = test.getTestMethod().orElseThrow().getName();
        try (PartitionProxy proxy = new PartitionProxy(URI.create(etcd.endpoint()).getPort());
             EtcdLeadership a = replica("a", proxy.endpoint()); EtcdLeadership b = replica("b", etcd.endpoint())) {
            a.start();
            await(a::isLeader, "replica-a leads", Duration.ofSeconds(5));
            b.start();
            await(() -> b.leader().equals("replica-a"), "replica-b follows replica-a", Duration.ofSeconds(5));

            long cut = System.nanoTime();
            proxy.partition(); // replica-a's calls now hang: it cannot renew, nor hear that it lost
            await(() -> !a.isLeader(), "replica-a stops acting", LEASE);
            long stopped = report("partition -> the cut-off leader stops", cut);
            assertThat(holder()).as("replica-a stopped while etcd still held its key: before anyone else could lead").contains("replica-a");
            assertThat(b.isLeader()).isFalse();
            while (!b.isLeader()) { // until the takeover, never two leaders
                assertThat(a.isLeader()).as("replica-a leads again while cut off").isFalse();
                assertThat(System.nanoTime() - cut).as("replica-b never took over").isLessThan(LEASE.plusSeconds(3).toNanos());
                Thread.sleep(5);
            }
            long took = report("partition -> takeover", cut);
            assertThat(took).isGreaterThan(stopped);
            assertThat(holder()).contains("replica-b");
            await(() -> changes.contains("a:false"), "replica-a heard that it stopped, though etcd was away", Duration.ofSeconds(2));

            proxy.heal();
            await(() -> a.leader().equals("replica-b"), "replica-a, back, follows replica-b", Duration.ofSeconds(10));
            assertThat(a.isLeader()).isFalse();
            long closed = System.nanoTime();
            b.close();
            await(a::isLeader, "replica-a stands again without a restart and leads", Duration.ofSeconds(2));
            report("resign -> the healed replica leads", closed);
            assertThat(holder()).contains("replica-a");
        }
    }

    @Test
    void aLeaderWhoseLeaseIsRevokedBehindItsBackStopsAtOnceAndTheOtherTakesOver(TestInfo test) throws Exception {
        lock = test.getTestMethod().orElseThrow().getName();
        lostBehindItsBack(() -> etcd.client().getLeaseClient().revoke(key().orElseThrow().getLease()).get(), "revoke");
    }

    @Test
    void aLeaderWhoseKeyIsDeletedBehindItsBackStopsAtOnceAndTheOtherTakesOver(TestInfo test) throws Exception {
        lock = test.getTestMethod().orElseThrow().getName();
        lostBehindItsBack(() -> etcd.client().getKVClient().delete(keyName()).get(), "delete");
    }

    private void lostBehindItsBack(ThrowingRunnable steal, String how) throws Exception {
        try (EtcdLeadership a = replica("a", etcd.endpoint()); EtcdLeadership b = replica("b", etcd.endpoint())) {
            a.start();
            await(a::isLeader, "replica-a leads", Duration.ofSeconds(5));
            b.start();
            await(() -> b.leader().equals("replica-a"), "replica-b follows replica-a", Duration.ofSeconds(5));

            long stolen = System.nanoTime();
            steal.run();
            // Well before its 2s deadline: the watch (or the next renewal) tells it the key is gone.
            await(() -> !a.isLeader(), "replica-a stops", Duration.ofMillis(500));
            report(how + " -> the old leader stops", stolen);
            await(b::isLeader, "replica-b takes over", Duration.ofSeconds(2));
            report(how + " -> takeover", stolen);
            assertThat(holder()).contains("replica-b");
            await(() -> a.leader().equals("replica-b"), "replica-a follows", Duration.ofSeconds(2));
            assertThat(a.isLeader()).isFalse();
            assertThat(changes).containsExactly("a:true", "a:false", "b:true");
        }
    }

    private EtcdLeadership replica(String name, String endpoint) {
        return EtcdLeadership.connect(List.of(endpoint), lock, "replica-" + name, LEASE, leading -> changes.add(name + ":" + leading));
    }

    private ByteSequence keyName() {
        return ByteSequence.from("/milvus-gitops/leader/" + lock, StandardCharsets.UTF_8);
    }

    private Optional<KeyValue> key() throws Exception {
        return etcd.client().getKVClient().get(keyName()).get().getKvs().stream().findFirst();
    }

    private Optional<String> holder() throws Exception {
        return key().map(kv -> kv.getValue().toString(StandardCharsets.UTF_8));
    }

    /** Prints and returns the milliseconds since {@code start}: the takeover times the report quotes. */
    private static long report(String what, long start) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("[etcd lock] " + what + ": " + ms + " ms");
        return ms;
    }

    private static void await(BooleanSupplier condition, String what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            Thread.sleep(5);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
