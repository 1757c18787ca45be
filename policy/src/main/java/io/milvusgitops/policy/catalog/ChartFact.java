package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.version.VersionRange;

/**
 * A fact about a range of chart versions that decides which values a {@code helm upgrade} must set so
 * that it changes nothing but what the hop means to change (a default that differs from what runs would
 * otherwise switch the release as a side effect of {@code --reset-then-reuse-values}).
 */
public record ChartFact(Kind fact, VersionRange charts, String source) {

    public enum Kind implements Named {
        /** {@code mixCoordinator.enabled: true} by default: a cluster installed without it switches to MixCoord. */
        MIXCOORD_DEFAULT,
        /** {@code pulsarv3.enabled: true, pulsar.enabled: false} by default. */
        PULSAR_V3_DEFAULT,
        /** The chart README: Pulsar v2 users must not upgrade with these charts (known issues). */
        AVOID_WITH_PULSAR_V2,
        /** {@code standalone.messageQueue: woodpecker} by default (2.6 charts). */
        WOODPECKER_STANDALONE_DEFAULT
    }

    public boolean covers(Version chart) {
        return charts.contains(chart);
    }
}
