package io.milvusgitops.policy.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanTimeTest {

    static final Instant NOW = Instant.parse("2026-12-04T05:25:54.573926723Z");

    @Test
    void anInstantIsShownToTheMinuteInUtcWithoutNanoseconds() {
        assertThat(HumanTime.at(Instant.parse("2026-12-04T05:22:54.573926723Z"))).isEqualTo("2026-12-04 05:22 UTC");
        assertThat(HumanTime.at(Instant.parse("2026-12-04T05:22:54.573926723Z"), NOW)).isEqualTo("2026-12-04 05:22 UTC (3 min ago)");
        assertThat(HumanTime.at(NOW.plus(Duration.ofMinutes(192)), NOW)).isEqualTo("2026-12-04 08:37 UTC (in 3 h 12 min)");
    }

    @ParameterizedTest
    @CsvSource({"PT0.4S, now", "-PT0.4S, now", "PT3H12M30S, in 3 h 12 min", "-PT3M, 3 min ago", "PT49H, in 2 d 1 h", "-PT45S, 45 s ago",
            "PT24H, in 1 d"})
    void relativeTimesSayWhichWay(String offset, String text) {
        assertThat(HumanTime.relative(NOW.plus(Duration.parse(offset)), NOW)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0 s", "PT59.9S, 59 s", "PT1M, 1 min", "PT12M5S, 12 min", "PT3H, 3 h", "PT3H12M, 3 h 12 min", "PT72H, 3 d",
            "PT26H5M, 1 d 2 h", "-PT5S, 0 s"})
    void durationsKeepTheTwoLargestUnits(String iso, String text) {
        assertThat(HumanTime.duration(Duration.parse(iso))).isEqualTo(text);
    }
}
