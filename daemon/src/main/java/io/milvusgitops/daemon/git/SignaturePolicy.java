package io.milvusgitops.daemon.git;

import io.milvusgitops.policy.rules.Fingerprints;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the head commit must carry a verified signature before it is applied.
 * GPG: the public keys are those of the keyring in {@code gnupgHome}; when {@code fingerprints} is not
 * empty, only those keys count. SSH: the keys of {@code allowedSigners} (git's gpg.ssh.allowedSignersFile format).
 */
public record SignaturePolicy(boolean required, Optional<Path> gnupgHome, Set<String> fingerprints, Optional<Path> allowedSigners) {

    public static final SignaturePolicy OFF = new SignaturePolicy(false, Optional.empty(), Set.of(), Optional.empty());

    public SignaturePolicy {
        fingerprints = Set.copyOf(fingerprints.stream().map(Fingerprints::normalise).toList());
    }
}
