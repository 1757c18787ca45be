package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.version.Version;
import java.time.LocalDate;

/** One version of the Milvus Helm chart and the Milvus release it ships by default. */
public record HelmChart(Version chart, Version app, LocalDate date, boolean pulsarV3) {

    /** From chart 4.2.21 the chart depends on pulsar-v3: every {@code helm upgrade} needs {@code --reset-then-reuse-values}. */
    public boolean needsResetThenReuseValues() {
        return pulsarV3;
    }
}
