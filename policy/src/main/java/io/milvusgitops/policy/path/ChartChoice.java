package io.milvusgitops.policy.path;

import io.milvusgitops.policy.version.Version;
import java.util.Optional;

/**
 * The Helm chart a hop installs. When no chart ships the target release by default, the newest
 * chart of its line is used with the image tag set explicitly ({@code imageTag}).
 */
public record ChartChoice(String chart, Version chartVersion, boolean resetThenReuseValues, Optional<String> imageTag) {

    public Step.ValuesMode valuesMode() {
        return resetThenReuseValues ? Step.ValuesMode.RESET_THEN_REUSE : Step.ValuesMode.REUSE;
    }
}
