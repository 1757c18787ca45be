package io.milvusgitops.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusgitops.policy.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The refresh of the catalog's tables from an index.yaml, a release list and chart extras, on a small fixture (catalog/tables/). */
class CatalogTablesTest {

    private static String fixture(String name) {
        return CatalogLoaderTest.resource("tables/" + name);
    }

    @Test
    void rendersTheTablesFromTheIndexTheReleaseListAndTheExtras() throws CatalogTables.Bad {
        String block = CatalogTables.render(fixture("index.yaml"), fixture("releases.tsv"), fixture("chart-extras.tsv"));
        assertThat(block).isEqualTo(fixture("expected.yaml"));
        assertThat(CatalogTables.count(block)).containsEntry("releases", 6).containsEntry("charts", 5);
    }

    /** The generated block loads as the product loads a catalog: the charts, their flags and the deprecation are there. */
    @Test
    void theRefreshedCatalogLoadsAndReplacesOnlyItsBlock() throws CatalogTables.Bad {
        String head = CatalogLoaderTest.resource("minimal.yaml").replaceFirst("(?s)releases:.*", "")
                + "# kept as it is\n" + CatalogTables.BEGIN + "\nold rows\n" + CatalogTables.END + "\n# after the block\n";
        String block = CatalogTables.render(fixture("index.yaml"), fixture("releases.tsv") + "2.1.4\tga\t\tx\n2.2.0\tga\t\tx\n2.2.3\tga\t\tx\n"
                + "2.2.4\tga\t\tx\n", fixture("chart-extras.tsv"));
        String catalog = CatalogTables.replace(head, block);
        assertThat(catalog).contains("# kept as it is").contains("# after the block").doesNotContain("old rows");
        VersionCatalog c = CatalogLoader.parse("refreshed.yaml", catalog);
        assertThat(c.chart(Version.parse("5.0.19")).orElseThrow().pulsarV3()).isTrue();
        assertThat(c.chart(Version.parse("4.2.20")).orElseThrow().pulsarV3()).isFalse();
        assertThat(c.chart(Version.parse("4.1.34")).orElseThrow().ships(Version.parse("2.4.5"))).isFalse();
        assertThat(c.chart(Version.parse("5.0.22")).orElseThrow().appVerified()).isFalse();
        assertThat(c.release(Version.parse("2.4.13")).orElseThrow().deprecated()).isPresent();
    }

    @Test
    void aBadSourceIsRefusedNamingTheRow() {
        assertThatThrownBy(() -> CatalogTables.render(fixture("index.yaml"), "2.4.05\tga\t\tx\n", ""))
                .isInstanceOf(CatalogTables.Bad.class).hasMessageContaining("release list line 1").hasMessageContaining("write 2.4.5");
        assertThatThrownBy(() -> CatalogTables.render(fixture("index.yaml"), "2.4.5\tbeta\t\tx\n", ""))
                .hasMessageContaining("kind 'beta' is not ga, prerelease or hotfix");
        assertThatThrownBy(() -> CatalogTables.render("entries: {}\n", "", ""))
                .hasMessageContaining("no entries.milvus list");
        assertThatThrownBy(() -> CatalogTables.render(fixture("index.yaml"), "", "5.0.22\t2.6.18\t2026-06-22\ttrue\t\tfalse\t\n"))
                .hasMessageContaining("chart extras line 1").hasMessageContaining("evidence");
        assertThatThrownBy(() -> CatalogTables.replace("no block here", "x")).hasMessageContaining(CatalogTables.BEGIN);
    }

    /**
     * The built-in tables are exactly what the refresh makes of the checked-in sources (policy/src/main/catalog:
     * the index read, the release list, the chart extras): nobody edited them by hand, and a refresh is their diff.
     */
    @Test
    void theBuiltInTablesAreTheRefreshOfTheCheckedInSources() throws Exception {
        Path sources = Path.of("src/main/catalog");
        String block = CatalogTables.render(Files.readString(sources.resolve("helm-index.yaml")), Files.readString(sources.resolve("releases.tsv")),
                Files.readString(sources.resolve("chart-extras.tsv")));
        String text = CatalogLoaderTest.builtInText();
        assertThat(CatalogTables.replace(text, block)).isEqualTo(text);
    }
}
