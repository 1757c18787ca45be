package io.milvusgitops.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.fleet.TargetKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A slow target never holds the others, and never runs two steps at once. */
class TargetLanesTest {

    static final TargetKey SLOW = new TargetKey("dev", "slow");
    static final TargetKey FAST = new TargetKey("prod", "fast");

    @Test
    void aSlowStepGoesOnAloneWhileTheOthersAreDoneAndItsTargetIsSkippedUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch lateDone = new CountDownLatch(1);
        AtomicInteger slowCalls = new AtomicInteger();
        AtomicInteger concurrentSlow = new AtomicInteger();
        AtomicInteger maxConcurrentSlow = new AtomicInteger();
        Callable<Pass> slow = () -> {
            slowCalls.incrementAndGet();
            maxConcurrentSlow.accumulateAndGet(concurrentSlow.incrementAndGet(), Math::max);
            try {
                release.await(30, TimeUnit.SECONDS);
                return new Pass.Continue("slow step done");
            } finally {
                concurrentSlow.decrementAndGet();
            }
        };
        try (TargetLanes lanes = TargetLanes.parallel(Duration.ofMillis(300), lateDone::countDown)) {
            long started = System.nanoTime();
            Map<TargetKey, Pass> first = lanes.run(work(slow, () -> new Pass.Idle("in sync")));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the pass does not wait for the slow target").isLessThan(Duration.ofSeconds(5));
            assertThat(first.get(FAST)).isEqualTo(new Pass.Idle("in sync"));
            assertThat(((Pass.Idle) first.get(SLOW)).why()).contains("still running");
            assertThat(first.keySet()).as("results in the order of the work").containsExactly(SLOW, FAST);

            Map<TargetKey, Pass> second = lanes.run(work(slow, () -> new Pass.Idle("in sync")));
            assertThat(((Pass.Idle) second.get(SLOW)).why()).contains("earlier pass");
            assertThat(slowCalls).as("a busy target is skipped, not given a second step").hasValue(1);

            release.countDown();
            assertThat(lateDone.await(10, TimeUnit.SECONDS)).as("the late step's end asks for a pass").isTrue();
            assertThat(lanes.awaitIdle(Duration.ofSeconds(5))).isTrue();
            Map<TargetKey, Pass> third = lanes.run(work(slow, () -> new Pass.Idle("in sync")));
            assertThat(third.get(SLOW)).isEqualTo(new Pass.Continue("slow step done"));
            assertThat(slowCalls).hasValue(2);
            assertThat(maxConcurrentSlow).as("never two steps of one target at once").hasValue(1);
        }
    }

    @Test
    void aFailingStepIsReportedForItsTargetOnly() {
        try (TargetLanes lanes = TargetLanes.parallel(Duration.ofSeconds(5), () -> { })) {
            Map<TargetKey, Pass> out = lanes.run(work(() -> {
                throw new IllegalStateException("cluster gone");
            }, () -> new Pass.Idle("in sync")));
            assertThat(((Pass.WaitFor) out.get(SLOW)).what()).contains("cluster gone");
            assertThat(out.get(FAST)).isEqualTo(new Pass.Idle("in sync"));
        }
    }

    private static Map<TargetKey, Callable<Pass>> work(Callable<Pass> slow, Callable<Pass> fast) {
        Map<TargetKey, Callable<Pass>> w = new LinkedHashMap<>();
        w.put(SLOW, slow);
        w.put(FAST, fast);
        return w;
    }
}
