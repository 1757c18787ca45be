package io.milvusgitops.policy.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRangeTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[2.2.3,2.6.0); 2.2.3; true",
            "[2.2.3,2.6.0); 2.6.0; false",
            "[2.2.3,2.6.0); 2.5.26; true",
            "[2.2.3,2.6.0); 2.2.2; false",
            "(2.2.3,2.6.0]; 2.2.3; false",
            "(2.2.3,2.6.0]; 2.6.0; true",
            "[2.5.16,); 9.0.0; true",
            "[2.6.0-rc1]; 2.6.0-rc.1; true",
            "[2.6.0-rc1]; 2.6.0; false",
            "[2.5.16,2.6.0-rc1); 2.6.0-rc1; false",
    })
    void containsWhatTheNotationSays(String range, String version, boolean expected) {
        assertThat(VersionRange.parse(range).contains(Version.parse(version))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "[2.2.0,2.2.3); [2.2.3,2.6.0); false",
            "[2.2.0,2.2.3]; [2.2.3,2.6.0); true",
            "[2.5.16,2.6.0); [2.6.0-rc1]; true",
            "[2.5.16,2.6.0-rc1); [2.6.0-rc1]; false",
            "[1.0.0,); [0.1.0,1.0.0); false",
            "(,2.0.0); [1.9.0,1.9.0]; true",
    })
    void overlapIsSymmetric(String a, String b, boolean expected) {
        assertThat(VersionRange.parse(a).overlaps(VersionRange.parse(b))).isEqualTo(expected);
        assertThat(VersionRange.parse(b).overlaps(VersionRange.parse(a))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.2.3", "[2.2.3", "[2.6.0,2.2.3)", "[x,2.0.0)", "(2.0.0)", "[]"})
    void refusesMalformedRanges(String text) {
        assertThatThrownBy(() -> VersionRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsBackInTheSameNotation() {
        assertThat(VersionRange.parse("[2.2.3,2.6.0)")).hasToString("[2.2.3,2.6.0)");
        assertThat(VersionRange.parse("[2.6.0-rc1]")).hasToString("[2.6.0-rc1]");
        assertThat(VersionRange.parse("[2.5.16,)")).hasToString("[2.5.16,)");
    }
}
