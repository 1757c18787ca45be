package io.milvusgitops.policy.verdict;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the policy says about starting a plan now. Every objecting rule is reported, whatever the
 * verdict: a denial also lists the windows it would have waited for.
 */
public sealed interface Verdict {

    List<Objection> objections();

    /** Short and upper case, for tables and metric labels: ALLOW, DENY, WAIT, APPROVAL. */
    String label();

    record Allow() implements Verdict {
        public List<Objection> objections() {
            return List.of();
        }

        public String label() {
            return "ALLOW";
        }
    }

    record Deny(List<Objection> objections) implements Verdict {
        public Deny {
            objections = List.copyOf(objections);
        }

        public String label() {
            return "DENY";
        }
    }

    /** {@code until}: the earliest time every time-based rule allows the plan; empty when it waits for an event. */
    record Wait(Optional<Instant> until, List<Objection> objections) implements Verdict {
        public Wait {
            objections = List.copyOf(objections);
        }

        public String label() {
            return "WAIT";
        }
    }

    record NeedsApproval(String what, List<Objection> objections) implements Verdict {
        public NeedsApproval {
            objections = List.copyOf(objections);
        }

        public String label() {
            return "APPROVAL";
        }
    }
}
