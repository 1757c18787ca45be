package io.milvusgitops.daemon.git;

import io.milvusgitops.policy.yaml.Problem;
import java.util.List;

/**
 * Why a new commit was not applied. The last good desired state stays in force; the rejection is
 * kept for the status API and metrics until a commit is applied.
 */
public sealed interface Rejection {

    String commit();

    /** A short, stable code for metrics and JSON. */
    String reason();

    String describe();

    record Invalid(String commit, List<Problem> problems) implements Rejection {
        public String reason() {
            return "invalid";
        }

        public String describe() {
            return "commit " + shortId(commit) + " is not a valid desired state (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "): " + problems.get(0).describe();
        }
    }

    record Unverified(String commit, Verification verification) implements Rejection {
        public String reason() {
            return "unverified";
        }

        public String describe() {
            return switch (verification) {
                case Verification.Unsigned u -> "commit " + shortId(commit) + " is not signed; signed commits are required";
                case Verification.Refused r -> "commit " + shortId(commit) + " signed by " + (r.signer().isEmpty() ? "an unknown signer" : r.signer())
                        + (r.key().isEmpty() ? "" : " (key " + r.key() + ")") + " is refused: " + r.reason();
                default -> "commit " + shortId(commit) + " is not verified";
            };
        }
    }

    /** The branch moved to a commit that does not descend from the applied one (a force push). */
    record NonFastForward(String commit, String applied) implements Rejection {
        public String reason() {
            return "non-fast-forward";
        }

        public String describe() {
            return "history rewritten: " + shortId(commit) + " does not descend from the applied " + shortId(applied)
                    + "; non-fast-forward changes are refused (git.refuseNonFastForward)";
        }
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
