package io.milvusgitops.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogLoaderTest {

    static String resource(String name) {
        try (InputStream in = CatalogLoaderTest.class.getResourceAsStream("/catalog/" + name)) {
            assertThat(in).as("test resource /catalog/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String builtInText() {
        try (InputStream in = VersionCatalog.class.getResourceAsStream("milvus-catalog.yaml")) {
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
        assertThat(c.releases()).hasSizeGreaterThan(140);
        assertThat(c.charts()).hasSizeGreaterThan(300);
        assertThat(c.rules()).extracting(UpgradeRule::id).contains("milvusdm-1x-to-2x", "meta-migration-2.1-to-2.2",
                "rolling-from-2.2.3-helm", "rolling-from-2.2.3-operator", "topology-change-2.5-to-2.6", "no-upgrade-from-2.6.0-rc1");
        // Every rule cites a repository file at a commit (the research's citation form), never a seed.
        assertThat(c.rules()).allSatisfy(r -> assertThat(r.source()).as(r.id()).matches("(?s).*@[0-9a-f]{12}.*").doesNotContain("seed"));
        assertThat(c.charts()).allSatisfy(ch -> assertThat(c.release(ch.app())).as("release of chart " + ch.chart()).isPresent());
        assertThat(c.preferredStops()).contains(Version.parse("2.1.4"), Version.parse("2.5.16"));
    }

    @Test
    void chartsFrom4221OnNeedResetThenReuseValues() {
        VersionCatalog c = VersionCatalog.builtIn();
        assertThat(c.chart(Version.parse("4.2.58")).orElseThrow().needsResetThenReuseValues()).isTrue();
        assertThat(c.chart(Version.parse("4.2.20")).orElseThrow().needsResetThenReuseValues()).isFalse();
        assertThat(c.chart(Version.parse("4.0.33")).orElseThrow().needsResetThenReuseValues()).isFalse();
    }

    /** The release notes (releases.tsv): every GA release through 2.6.22 and 3.0.0, the gaps of the seed catalog filled. */
    @ParameterizedTest
    @ValueSource(strings = {"2.4.18", "2.4.21", "2.4.22", "2.5.18", "2.5.21", "2.5.22", "2.5.24", "2.5.25",
            "2.5.27", "2.6.17", "2.6.18", "2.6.19", "2.6.20", "2.6.21", "2.6.22", "3.0.0"})
    void knowsTheReleasesOfTheReleaseNotes(String v) {
        assertThat(VersionCatalog.builtIn().release(Version.parse(v))).hasValueSatisfying(r -> {
            assertThat(r.isGa()).isTrue();
            assertThat(r.evidence()).contains("release_notes.md@").contains("'## v" + v + "'");
            assertThat(r.date()).isPresent();
        });
    }

    /** v2.2.x notes (2.2.6), v2.4.x notes ([Deprecated] v2.4.13), and 2.3.6 withdrawn by inference. */
    @Test
    void marksTheReleasesNotToBeRun() {
        VersionCatalog c = VersionCatalog.builtIn();
        assertThat(c.release(Version.parse("2.4.13")).orElseThrow().deprecated()).hasValueSatisfying(d -> {
            assertThat(d.reason()).contains("[Deprecated] v2.4.13");
            assertThat(d.inferred()).isFalse();
        });
        assertThat(c.release(Version.parse("2.2.5")).orElseThrow().deprecated()).isPresent();
        assertThat(c.release(Version.parse("2.3.6")).orElseThrow().deprecated()).hasValueSatisfying(d -> assertThat(d.inferred()).isTrue());
        assertThat(c.release(Version.parse("2.4.13-hotfix")).orElseThrow().deprecated()).isEmpty();
    }

    /** gh-pages index.yaml at 01df9e89acba: 4.2.46 and 4.2.50 are only in Git; 1.1.6 only in the index; 5.0.22 from the guides. */
    @Test
    void chartsAreThoseOfThePublishedIndexPlusTheGuidesChart() {
        VersionCatalog c = VersionCatalog.builtIn();
        assertThat(c.chart(Version.parse("4.2.46"))).isEmpty();
        assertThat(c.chart(Version.parse("4.2.50"))).isEmpty();
        assertThat(c.chart(Version.parse("1.1.6"))).isPresent();
        assertThat(c.chart(Version.parse("5.0.22"))).hasValueSatisfying(ch -> {
            assertThat(ch.appVerified()).isFalse();
            assertThat(ch.evidence()).contains("upgrade_milvus_cluster-helm.md");
            assertThat(ch.ships(Version.parse("2.6.18"))).isFalse();
        });
        assertThat(c.chart(Version.parse("4.1.34")).orElseThrow().ships(Version.parse("2.4.5"))).as("4.1.34 deploys v2.4.4").isFalse();
    }

    /** The shape check validate and path share: facts of message_storage_operator.md and configure_mq.md per docs line. */
    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            2.5.16 | standalone | natsmq     | ok
            2.2.16 | standalone | natsmq     | came with Milvus 2.3.0
            2.6.22 | standalone | natsmq     | gone from 2.6
            2.5.16 | cluster    | natsmq     | only with a standalone
            2.5.16 | cluster    | rocksmq    | only inside a standalone
            2.5.16 | cluster    | woodpecker | came with Milvus 2.6
            2.6.0  | cluster    | woodpecker | ok
            2.0.2  | cluster    | kafka      | came with Milvus 2.1.0
            2.1.0  | cluster    | kafka      | ok
            1.1.1  | cluster    | rocksmq    | ok
            """)
    void oneShapeCheck(String version, String mode, String mq, String expected) {
        var problem = VersionCatalog.builtIn().shapeProblem(Version.parse(version),
                Named.byId(DeployMode.class, mode).orElseThrow(),
                Named.byId(MessageQueue.class, mq).orElseThrow());
        if (expected.equals("ok")) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains(expected).contains("@87726919a47f"));
        }
    }

    @Test
    void theBuiltInCatalogHasAnIdentityOfItsText() {
        assertThat(VersionCatalog.builtIn().identity().toString()).matches("built-in [0-9a-f]{12}");
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
