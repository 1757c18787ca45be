package io.milvusgitops.daemon.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.milvusgitops.daemon.testing.EmulatedKube;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Two replicas elect one leader on a Lease in the (emulated) API server; the other takes over when it goes. */
class LeaseLeadershipTest {

    @Test
    void exactlyOneReplicaLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
        try (EmulatedKube kube = new EmulatedKube("milvus-gitops")) {
            List<String> changes = new CopyOnWriteArrayList<>();
            LeaseLeadership a = new LeaseLeadership(kube.client(), "milvus-gitops", "milvus-gitops", "replica-a", Duration.ofSeconds(3),
                    leading -> changes.add("a:" + leading));
            LeaseLeadership b = new LeaseLeadership(kube.client(), "milvus-gitops", "milvus-gitops", "replica-b", Duration.ofSeconds(3),
                    leading -> changes.add("b:" + leading));
            a.start();
            await(a::isLeader, "replica-a leads");
            b.start();
            Thread.sleep(2_000); // several retry periods: b keeps trying and must not take a held Lease
            assertThat(b.isLeader()).isFalse();
            assertThat(b.leader()).isEqualTo("replica-a");
            assertThat(holder(kube)).isEqualTo("replica-a");

            a.close(); // releases the Lease
            await(b::isLeader, "replica-b takes over");
            assertThat(a.isLeader()).isFalse();
            assertThat(holder(kube)).isEqualTo("replica-b");
            assertThat(changes).containsExactly("a:true", "a:false", "b:true");
            b.close();
        }
    }

    private static String holder(EmulatedKube kube) {
        Lease lease = kube.client().leases().inNamespace("milvus-gitops").withName("milvus-gitops").get();
        return lease.getSpec().getHolderIdentity();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("never: " + what);
            Thread.sleep(50);
        }
    }
}
