package io.milvusgitops.policy.verdict;

/** One approval the Git source found on the desired commit: a verified signature by a key, or an {@code Approved-by:} trailer. */
public record Approval(Kind kind, String identity) {

    public enum Kind { SIGNATURE, TRAILER }

    public static Approval trailer(String person) {
        return new Approval(Kind.TRAILER, person);
    }

    public static Approval signature(String key) {
        return new Approval(Kind.SIGNATURE, key);
    }
}
