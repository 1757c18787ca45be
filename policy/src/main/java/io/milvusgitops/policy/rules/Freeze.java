package io.milvusgitops.policy.rules;

import java.time.Instant;

/** A time range in which nothing starts: holidays, launches. {@code to} is exclusive. */
public record Freeze(Instant from, Instant to, String reason) {

    public boolean covers(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }
}
