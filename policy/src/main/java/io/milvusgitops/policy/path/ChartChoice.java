package io.milvusgitops.policy.path;

import io.milvusgitops.policy.version.Version;
import java.util.List;

/**
 * The Helm chart a hop installs, how {@code helm upgrade} treats the release's values, and every value it
 * sets ({@code image.all.tag} always: a chart's default image is not always its app version, and a chart
 * may serve several releases of its line).
 */
public record ChartChoice(String chart, Version chartVersion, boolean resetThenReuseValues, List<HelmValue> set) {

    public ChartChoice {
        set = List.copyOf(set);
    }

    public Step.ValuesMode valuesMode() {
        return resetThenReuseValues ? Step.ValuesMode.RESET_THEN_REUSE : Step.ValuesMode.REUSE;
    }

    /** The image tag the hop sets. */
    public String imageTag() {
        return set.stream().filter(v -> v.purpose() == HelmValue.Purpose.IMAGE).map(HelmValue::value).findFirst().orElse("");
    }
}
