package io.milvusgitops.daemon.git;

/** What the signature check says about a commit. */
public sealed interface Verification {

    /** Verification is off. */
    record NotRequired() implements Verification {
    }

    /** A good signature by a key on the list. {@code key}: the GPG fingerprint or the SSH key fingerprint. */
    record Verified(String signer, String key) implements Verification {
    }

    record Unsigned() implements Verification {
    }

    /** Signed, but the signature is bad, or by a key that is not on the list. */
    record Refused(String signer, String key, String reason) implements Verification {
    }

    default boolean acceptable() {
        return this instanceof NotRequired || this instanceof Verified;
    }
}
