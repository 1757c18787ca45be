package io.milvusgitops.daemon.driver;

import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Hop;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a step stands: the target, its hop, the step's place, the plan it belongs to (names the
 * backup and the Jobs, so that a repeated step finds what it made before), and when it started
 * (for its deadline).
 */
public record StepContext(Target target, Hop hop, int stepIndex, String planId, Instant startedAt, Duration timeout) {

    /** A name for what this hop makes: {@code <plan>-h<from>-<to>}, stable across restarts. */
    public String hopId() {
        return (planId + "-" + hop.from() + "-" + hop.to()).replaceAll("[^A-Za-z0-9.-]", "-").toLowerCase(Locale.ROOT);
    }
}
