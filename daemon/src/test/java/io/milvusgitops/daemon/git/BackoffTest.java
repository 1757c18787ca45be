package io.milvusgitops.daemon.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void pollsOnItsIntervalWhileAllIsWell() {
        assertThat(backoff.next(0, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void doublesPerFailureUpToTheCapWithJitterInTheUpperHalf() {
        assertThat(backoff.next(1, () -> 1.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next(4, () -> 1.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.next(4, () -> 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next(30, () -> 1.0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.next(1000, () -> 0.0)).isEqualTo(Duration.ofMinutes(5).dividedBy(2));
    }
}
