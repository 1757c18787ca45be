package io.milvusgitops.policy.path;

import io.milvusgitops.policy.catalog.ChartFact;
import io.milvusgitops.policy.catalog.HelmChart;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.version.Version;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which chart version installs a Milvus release: only charts of the published repository index, never one
 * the chart README tells the deployment's users to avoid (4.2.21 to 4.2.29 for Pulsar v2), and
 * <ol>
 *   <li>the newest chart that ships the release (its app version and default image are the release);</li>
 *   <li>else the newest chart of the release's line (a chart serves its line with {@code image.all.tag} set,
 *       as the charts' own maintainers advise), counting a chart whose app version is not verified as one of
 *       its line;</li>
 *   <li>else, where the charts that ship it are to be avoided, the oldest allowed chart after them in the
 *       same chart series (the README: "4.2.30 or later version is recommended").</li>
 * </ol>
 */
final class ChartChooser {

    private final VersionCatalog catalog;

    ChartChooser(VersionCatalog catalog) {
        this.catalog = catalog;
    }

    /** Whether a chart that ships {@code v} exists at all (a Helm path stops only at such releases). */
    boolean shipped(Version v) {
        return catalog.charts().stream().anyMatch(c -> c.published() && c.ships(v));
    }

    Optional<HelmChart> chartFor(Version v, boolean avoidPulsarV2Charts) {
        List<HelmChart> allowed = catalog.charts().stream().filter(HelmChart::published)
                .filter(c -> !(avoidPulsarV2Charts && catalog.chartFact(ChartFact.Kind.AVOID_WITH_PULSAR_V2, c.chart()))).toList();
        Optional<HelmChart> exact = allowed.stream().filter(c -> c.ships(v)).max(Comparator.comparing(HelmChart::chart));
        if (exact.isPresent()) return exact;
        Optional<HelmChart> ofLine = allowed.stream().filter(c -> c.app().sameLine(v) && !c.app().isPreRelease())
                .filter(c -> !c.appVerified() || c.app().isBefore(v)).max(Comparator.comparing(HelmChart::chart));
        if (ofLine.isPresent()) return ofLine;
        Optional<HelmChart> avoided = catalog.charts().stream().filter(c -> c.published() && c.ships(v)).max(Comparator.comparing(HelmChart::chart));
        return avoided.flatMap(a -> allowed.stream()
                .filter(c -> c.chart().major() == a.chart().major() && c.chart().minor() == a.chart().minor() && c.chart().isAfter(a.chart()))
                .min(Comparator.comparing(HelmChart::chart)));
    }
}
