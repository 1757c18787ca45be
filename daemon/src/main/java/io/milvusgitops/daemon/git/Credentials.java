package io.milvusgitops.daemon.git;

import java.nio.file.Path;
import java.util.Optional;

/** How the daemon authenticates to the Git server. */
public sealed interface Credentials {

    /** Public repositories, file://, git://. */
    record None() implements Credentials {
    }

    /** HTTPS with a token (GitHub, GitLab, Gitea accept a token as the password); {@code username} defaults to "git". */
    record Token(String username, Secret token) implements Credentials {
    }

    /** SSH with a private key and a known_hosts file (host keys are always checked). */
    record SshKey(Path privateKey, Path knownHosts, Optional<Secret> passphrase) implements Credentials {
    }
}
