package io.milvusgitops.policy.verdict;

import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.rules.RuleSet;
import java.time.Instant;

/** What every rule may look at besides the target: the whole fleet, its live state, the desired commit, the time. */
public record PolicyContext(Fleet fleet, LiveFleet live, DesiredCommit commit, Instant now) {

    public RuleSet rulesFor(String environment) {
        return fleet.policy().rulesFor(environment);
    }
}
