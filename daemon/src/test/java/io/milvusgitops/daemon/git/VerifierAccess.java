package io.milvusgitops.daemon.git;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

/** Test access to the package's verifier: does a commit verify against a GPG key? */
public final class VerifierAccess {

    private VerifierAccess() {
    }

    public static Verification verify(Path repo, RevCommit commit, Path gnupgHome, String fingerprint) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            return new CommitVerifier(new SignaturePolicy(true, Optional.of(gnupgHome), fingerprint.isEmpty() ? Set.of() : Set.of(fingerprint), Optional.empty()))
                    .verify(git.getRepository(), commit);
        }
    }
}
