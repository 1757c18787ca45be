package io.milvusgitops.daemon.git;

import io.milvusgitops.policy.rules.Fingerprints;
import java.io.IOException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier.SignatureVerification;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Checks the signature of a commit with JGit's verifiers: GPG through BouncyCastle (public keys from
 * the keyring in the configured GNUPGHOME), SSH against an allowed-signers file. A commit that is
 * unsigned, badly signed or signed by a key not on the list is refused.
 */
final class CommitVerifier {

    private final SignaturePolicy policy;

    CommitVerifier(SignaturePolicy policy) {
        this.policy = policy;
        policy.gnupgHome().ifPresent(GnupgHome::use);
    }

    Verification verify(Repository repo, RevCommit commit) throws IOException {
        if (!policy.required()) {
            return new Verification.NotRequired();
        }
        if (commit.getRawGpgSignature() == null) {
            return new Verification.Unsigned();
        }
        // A signature kind is only trusted against keys the config names: never the process's own keyring.
        GpgConfig.GpgFormat format = SignatureVerifiers.getFormat(commit.getRawGpgSignature());
        if (format == GpgConfig.GpgFormat.SSH && policy.allowedSigners().isEmpty()) {
            return new Verification.Refused("", "", "an SSH signature, but no allowed-signers file is configured");
        }
        if (format != GpgConfig.GpgFormat.SSH && policy.gnupgHome().isEmpty()) {
            return new Verification.Refused("", "", "a " + format + " signature, but no GPG keyring (gnupgHome) is configured");
        }
        Config config = new Config();
        policy.allowedSigners().ifPresent(p -> config.setString("gpg", "ssh", "allowedSignersFile", p.toAbsolutePath().toString()));
        SignatureVerification v;
        try {
            v = SignatureVerifiers.verify(repo, new GpgConfig(config), commit);
        } catch (RuntimeException e) {
            return new Verification.Refused("", "", "the signature could not be checked: " + e.getMessage());
        }
        if (v == null) {
            return new Verification.Refused("", "", "no verifier for this kind of signature");
        }
        String signer = v.signer() == null ? (v.keyUser() == null ? "" : v.keyUser()) : v.signer();
        String key = v.keyFingerprint() == null ? "" : v.keyFingerprint();
        if (!v.verified()) {
            return new Verification.Refused(signer, key, v.message() == null ? "the signature does not verify" : v.message());
        }
        if (v.expired()) {
            return new Verification.Refused(signer, key, "the signing key has expired");
        }
        String normalised = Fingerprints.normalise(key);
        if (format != GpgConfig.GpgFormat.SSH && !policy.fingerprints().isEmpty() && !policy.fingerprints().contains(normalised)) {
            return new Verification.Refused(signer, normalised, "the key " + normalised + " is not on the list of allowed keys");
        }
        return new Verification.Verified(signer, normalised);
    }
}
