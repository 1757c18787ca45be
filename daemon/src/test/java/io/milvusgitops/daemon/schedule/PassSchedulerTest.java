package io.milvusgitops.daemon.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.reconcile.Pass;
import io.milvusgitops.daemon.reconcile.RetryPolicy;
import io.milvusgitops.policy.fleet.TargetKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PassSchedulerTest {

    @Test
    void theDebounceOfWatchedChangesGrowsWithTheFleetFromATenthOfASecondToASecond() {
        assertThat(PassScheduler.debounce(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(PassScheduler.debounce(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(PassScheduler.debounce(200)).isEqualTo(Duration.ofMillis(240));
        assertThat(PassScheduler.debounce(500)).isEqualTo(Duration.ofMillis(600));
        assertThat(PassScheduler.debounce(1_000)).isEqualTo(Duration.ofSeconds(1));
        assertThat(PassScheduler.debounce(10_000)).isEqualTo(Duration.ofSeconds(1));
        assertThat(PassScheduler.debounce(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1));
        assertThat(PassScheduler.debounce(-5)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aBurstOfWatchedChangesIsOnePassAndTheNextBurstAnother() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        Semaphore ran = new Semaphore(0);
        Map<TargetKey, Pass> fleet = Map.of(new TargetKey("dev", "a"), new Pass.Idle("in sync"));
        try (PassScheduler scheduler = new PassScheduler(() -> {
            passes.incrementAndGet();
            ran.release();
            return fleet;
        }, Duration.ofHours(1), new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
            for (int burst = 1; burst <= 2; burst++) {
                for (int i = 0; i < 50; i++) scheduler.liveChanged(); // every status update of a rollout
                assertThat(ran.tryAcquire(10, TimeUnit.SECONDS)).as("a pass after burst %d", burst).isTrue();
                // No second pass for the same burst: a pass after the debounce again would show here.
                assertThat(ran.tryAcquire(3 * PassScheduler.debounce(1).toMillis(), TimeUnit.MILLISECONDS)).isFalse();
                assertThat(passes).hasValue(burst);
            }
        }
    }
}
