package io.milvusgitops.policy.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"4h, PT4H", "90m, PT1H30M", "1h30m, PT1H30M", "2d, PT48H", "30s, PT30S", "PT4H, PT4H", "pt15m, PT15M"})
    void parsesTheShortFormsAndIso(String text, String iso) {
        assertThat(Durations.parse(text)).contains(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4 hours", "h", "-1h", "1.5h", "", "PT", "4hm"})
    void refusesOthers(String text) {
        assertThat(Durations.parse(text).filter(d -> !d.isZero())).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"PT72H, 3d", "PT1H30M, 1h30m", "PT0S, 0s", "PT26H5S, 1d2h5s"})
    void formatsShort(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
    }
}
