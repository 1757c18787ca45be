package io.milvusgitops.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogLoaderTest {

    static String resource(String name) {
        try (InputStream in = CatalogLoaderTest.class.getResourceAsStream("/catalog/" + name)) {
            assertThat(in).as("test resource /catalog/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<Arguments> badCatalogs() {
        return resource("bad/expected.txt").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\\|", 2))
                .map(p -> Arguments.of(p[0].trim(), p[1].trim()));
    }

    @Test
    void theBuiltInCatalogIsValidAndComplete() {
        VersionCatalog c = VersionCatalog.builtIn();
        assertThat(c.releases()).hasSizeGreaterThan(120);
        assertThat(c.charts()).hasSizeGreaterThan(300);
        assertThat(c.rules()).extracting(UpgradeRule::id).contains("milvusdm-1x-to-2x", "meta-migration-2.1-to-2.2",
                "rolling-from-2.2.3", "topology-change-2.5-to-2.6", "no-upgrade-from-2.6.0-rc1");
        assertThat(c.rules()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
        assertThat(c.charts()).allSatisfy(ch -> assertThat(c.release(ch.app())).as("release of chart " + ch.chart()).isPresent());
        assertThat(c.preferredStops()).contains(Version.parse("2.1.4"), Version.parse("2.5.16"));
    }

    @Test
    void chartsFrom4221OnNeedResetThenReuseValues() {
        VersionCatalog c = VersionCatalog.builtIn();
        assertThat(c.newestChartShipping(Version.parse("2.5.16")).orElseThrow().needsResetThenReuseValues()).isTrue();
        assertThat(c.newestChartShipping(Version.parse("2.2.13")).orElseThrow().needsResetThenReuseValues()).isFalse();
    }

    @Test
    void theMinimalFixtureIsValid() {
        VersionCatalog c = CatalogLoader.parse("minimal.yaml", resource("minimal.yaml"));
        assertThat(c.rules()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCatalogs")
    void aBadCatalogIsRefusedWithAnErrorNamingTheEntry(String file, String fragment) {
        assertThatThrownBy(() -> CatalogLoader.parse(file, resource("bad/" + file)))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(fragment)
                .hasMessageContaining(file + ":");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        String twoDefects = resource("minimal.yaml")
                .replace("kind: meta-migration", "kind: meta-migrate")
                .replace("{chart: 4.0.7, app: 2.2.3,", "{chart: 4.0.7, app: 2.2.5,");
        assertThatThrownBy(() -> CatalogLoader.parse("two.yaml", twoDefects))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    /** Adding a release is a data change: one line, and the planner knows it. */
    @Test
    void addingAReleaseIsOneLineOfData() {
        String withNew = resource("minimal.yaml").replace("releases:\n", "releases:\n  - {version: 2.2.5, kind: ga, evidence: \"release-notes\"}\n");
        VersionCatalog c = CatalogLoader.parse("new.yaml", withNew);
        assertThat(c.release(Version.parse("2.2.5"))).isPresent();
        assertThat(c.ruleFor(Version.parse("2.2.4"), Version.parse("2.2.5"), DeployMethod.HELM,
                DeployMode.CLUSTER, MessageQueue.PULSAR))
                .map(UpgradeRule::id).contains("rolling");
    }

    @Test
    void notYamlAtAllIsRefusedToo() {
        assertThatThrownBy(() -> CatalogLoader.parse("broken.yaml", "releases: [unclosed"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("broken.yaml:").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> CatalogLoader.parse("anchors.yaml", "a: &x [1]\nb: *x\n"))
                .isInstanceOf(CatalogException.class);
        assertThat(List.of()).isEmpty();
    }
}
