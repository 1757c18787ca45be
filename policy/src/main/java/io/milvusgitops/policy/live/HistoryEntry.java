package io.milvusgitops.policy.live;

import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.version.Version;
import java.time.Instant;

/** One past upgrade of a target: when it ended, between which versions, and how. */
public record HistoryEntry(Instant at, Version from, Version to, Outcome outcome) {

    public enum Outcome implements Named {
        SUCCEEDED, FAILED, ROLLED_BACK
    }
}
