package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.version.Version;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One version of the Milvus Helm chart and the Milvus release it ships by default ({@code appVersion}).
 *
 * @param pulsarV3        the chart depends on the pulsar-v3 chart (4.2.21 on): every {@code helm upgrade} needs
 *                        {@code --reset-then-reuse-values} (chart README)
 * @param published       in the published repository index, so {@code helm upgrade --version} finds it; a chart
 *                        only in Git is never chosen
 * @param defaultImageTag the image the chart's values.yaml really deploys, where it differs from {@code app}
 *                        (4.0.11 says 2.2.3 and deploys v2.3.0-beta): such a chart ships {@code app} in name only
 * @param appVerified     false when no source the catalog read confirms {@code app} (a chart newer than the
 *                        snapshot, named by the guides): it belongs to the line of {@code app}, but ships nothing for sure
 * @param evidence        where a row that is not from the chart repository's index comes from
 */
public record HelmChart(Version chart, Version app, LocalDate date, boolean pulsarV3, boolean published, Optional<String> defaultImageTag,
                        boolean appVerified, String evidence) {

    /** A chart from the repository index: published, its app version as the index says. */
    public static HelmChart indexed(Version chart, Version app, LocalDate date, boolean pulsarV3) {
        return new HelmChart(chart, app, date, pulsarV3, true, Optional.empty(), true, "");
    }

    /** From chart 4.2.21 the chart depends on pulsar-v3: every {@code helm upgrade} needs {@code --reset-then-reuse-values}. */
    public boolean needsResetThenReuseValues() {
        return pulsarV3;
    }

    /** The chart deploys exactly {@code v} by default: its app version, its default image, and both confirmed. */
    public boolean ships(Version v) {
        return appVerified && app.equals(v) && defaultImageTag.flatMap(Version::tryParse).map(v::equals).orElse(true);
    }
}
