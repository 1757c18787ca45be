package io.milvusgitops.policy.verdict;

import java.time.Instant;
import java.util.Optional;

/**
 * One rule's objection to starting a plan: the rule's name, what it does to the plan, the fact it
 * saw, and what would satisfy it. {@code until} is when the rule stops objecting, where that is a
 * time (a window opens, a soak ends, a freeze is over).
 */
public record Objection(String rule, Effect effect, String fact, String remedy, Optional<Instant> until) {

    /** In order of severity: the most severe objection decides the verdict. */
    public enum Effect { DENY, NEEDS_APPROVAL, WAIT }

    public static Objection deny(String rule, String fact, String remedy) {
        return new Objection(rule, Effect.DENY, fact, remedy, Optional.empty());
    }

    public static Objection waitUntil(String rule, Instant until, String fact, String remedy) {
        return new Objection(rule, Effect.WAIT, fact, remedy, Optional.of(until));
    }

    /** A wait for an event rather than a time (the canary finishing, the upstream running the version). */
    public static Objection waitFor(String rule, String fact, String remedy) {
        return new Objection(rule, Effect.WAIT, fact, remedy, Optional.empty());
    }

    public static Objection needsApproval(String rule, String fact, String remedy) {
        return new Objection(rule, Effect.NEEDS_APPROVAL, fact, remedy, Optional.empty());
    }

    /** "maintenance-window: no window is open (next opens ...); would allow: ..." */
    public String describe() {
        return rule + ": " + fact + (remedy.isEmpty() ? "" : " -> " + remedy);
    }
}
