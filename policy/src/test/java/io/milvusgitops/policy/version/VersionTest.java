package io.milvusgitops.policy.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    @ParameterizedTest
    @CsvSource({
            "2.5.16, 2.5.16",
            "v2.5.16, 2.5.16",
            "2.0.0-RC1, 2.0.0-rc1",
            "2.0.0-rc.1, 2.0.0-rc1",
            "2.0.0-PreGA, 2.0.0-prega",
            "2.0.0-pre-ga, 2.0.0-prega",
            "2.4.13-hotfix, 2.4.13-hotfix",
            "2.0.0-rc.5-hotfix1, 2.0.0-rc5-hotfix1",
    })
    void parsesAndNormalisesTheSpellingsMilvusUses(String text, String normalised) {
        assertThat(Version.parse(text).toString()).isEqualTo(normalised);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.6", "latest", "2.5.x", "", "2..1", "2.5.16.1", "-1.0.0", "2.5.16-", "3.0-beta"})
    void refusesTextThatIsNotAVersion(String text) {
        assertThat(Version.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> Version.parse(text)).hasMessageContaining("MAJOR.MINOR.PATCH");
    }

    /** Issue 18: versions are strict; 02.05.016 was read as 2.5.16. */
    @ParameterizedTest
    @CsvSource({"02.05.016, 2.5.16", "2.05.16, 2.5.16", "v2.5.016, 2.5.16", "2.4.013-hotfix, 2.4.13-hotfix"})
    void refusesLeadingZerosAndSaysWhatToWrite(String text, String fix) {
        assertThat(Version.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> Version.parse(text)).hasMessageContaining("leading zero").hasMessageContaining("write " + fix);
    }

    /** The spellings real Milvus tags, release notes and the catalog use stay valid. */
    @ParameterizedTest
    @ValueSource(strings = {"v2.5.16", "2.4.0-rc.1", "2.0.0-RC1", "2.4.13-hotfix", "2.0.0-rc.5-hotfix1", "2.5.0-beta", "2.6.0-rc1",
            "2.0.0-PreGA", "0.10.0", "2.0.0-0", "10.0.0"})
    void acceptsTheSpellingsMilvusUses(String text) {
        assertThat(Version.tryParse(text)).isPresent();
    }

    /** docs v2.0.x release_notes.md: RC1 (2021-06-28) ... RC8 (2021-11-05), PreGA (2021-12-31), 2.0.0 (2022-01-25). */
    @Test
    void sorts20PreReleasesInTheOrderTheyWereReleased() {
        assertThat(Version.parse("2.0.0-RC8")).isLessThan(Version.parse("2.0.0-PreGA"));
        assertThat(Version.parse("2.0.0-PreGA")).isLessThan(Version.parse("2.0.0"));
        assertThat(Version.parse("2.0.0-rc.3")).isLessThan(Version.parse("2.0.0-RC4"));
        assertThat(Version.parse("2.0.0-0")).isLessThan(Version.parse("2.0.0-RC1"));
        assertThat(Version.parse("2.5.0-beta")).isLessThan(Version.parse("2.5.0-rc1"));
    }

    @Test
    void sortsPreReleasesBeforeAndHotfixesAfterTheirRelease() {
        assertThat(Version.parse("2.4.0-rc.1")).isLessThan(Version.parse("2.4.0"));
        assertThat(Version.parse("2.5.0-beta")).isLessThan(Version.parse("2.5.0"));
        assertThat(Version.parse("2.4.13-hotfix")).isGreaterThan(Version.parse("2.4.13")).isLessThan(Version.parse("2.4.14"));
        assertThat(Version.parse("2.0.0-rc2")).isLessThan(Version.parse("2.0.0-rc10"));
        assertThat(Version.parse("2.0.0-rc.5-hotfix1")).isGreaterThan(Version.parse("2.0.0-rc5")).isLessThan(Version.parse("2.0.0-rc6"));
        assertThat(Version.parse("2.6.0-rc1")).isGreaterThan(Version.parse("2.5.26")).isLessThan(Version.parse("2.6.0"));
        assertThat(Version.parse("2.10.0")).isGreaterThan(Version.parse("2.9.9"));
    }

    @Test
    void spellingsOfOneReleaseAreEqual() {
        assertThat(Version.parse("2.0.0-RC1")).isEqualTo(Version.parse("2.0.0-rc.1")).hasSameHashCodeAs(Version.parse("2.0.0-rc.1"));
    }

    @Test
    void knowsItsLineAndTag() {
        Version v = Version.parse("2.5.16");
        assertThat(v.line()).isEqualTo("2.5");
        assertThat(v.tag()).isEqualTo("v2.5.16");
        assertThat(v.sameLine(Version.parse("2.5.0"))).isTrue();
        assertThat(v.sameLine(Version.parse("2.6.0"))).isFalse();
    }
}
