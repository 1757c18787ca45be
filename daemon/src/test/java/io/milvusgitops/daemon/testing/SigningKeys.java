package io.milvusgitops.daemon.testing;

import io.milvusgitops.daemon.git.GnupgHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Signing keys made offline by the real tools: a GnuPG home with keys for people, and SSH keys with
 * an allowed-signers file. Commits are signed by the real git CLI.
 */
public final class SigningKeys {

    private final Path gnupgHome;
    private final Path sshDir;

    /**
     * One GnuPG home for the whole test JVM: JGit's BouncyCastle key locator reads GNUPGHOME once per
     * JVM (as the daemon does at start), so every test's keys live in it, each test with its own.
     */
    private static Path sharedGnupgHome;

    public SigningKeys(Path dir) throws IOException {
        this.gnupgHome = shared();
        this.sshDir = Files.createDirectories(dir.resolve("ssh"));
    }

    private static synchronized Path shared() throws IOException {
        if (sharedGnupgHome == null) {
            sharedGnupgHome = Files.createTempDirectory("milvus-gitops-test-gnupg");
            Files.setPosixFilePermissions(sharedGnupgHome, PosixFilePermissions.fromString("rwx------"));
            GnupgHome.use(sharedGnupgHome);
        }
        return sharedGnupgHome;
    }

    public Path gnupgHome() {
        return gnupgHome;
    }

    /** Makes an ed25519 GPG key without passphrase; returns its fingerprint. */
    public String gpgKey(String userId) throws IOException, InterruptedException {
        return gpgKey(userId, "ed25519");
    }

    /** Makes a GPG key of the given algorithm (ed25519, rsa2048, ...) without passphrase; returns its fingerprint. */
    public String gpgKey(String userId, String algorithm) throws IOException, InterruptedException {
        String gpg = Tools.require("gpg", "gnupg");
        Tools.run(gnupgHome, env(), gpg, "--batch", "--passphrase", "", "--quick-gen-key", userId, algorithm, "sign", "never");
        String out = Tools.run(gnupgHome, env(), gpg, "--batch", "--with-colons", "--fingerprint", userId);
        // The newest key with this user id (tests in one JVM may make several): the last one listed.
        return out.lines().filter(l -> l.startsWith("fpr:")).reduce((a, b) -> b).orElseThrow().split(":")[9];
    }

    /** Makes an SSH key; returns the path of its private key. */
    public Path sshKey(String name) throws IOException, InterruptedException {
        Path key = sshDir.resolve(name);
        Tools.run(sshDir, Map.of(), Tools.require("ssh-keygen", "openssh-client"), "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString());
        return key;
    }

    /** An allowed-signers file naming {@code principal} for each public key. */
    public Path allowedSigners(String principal, Path... privateKeys) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path k : privateKeys) {
            sb.append(principal).append(' ').append(Files.readString(Path.of(k + ".pub")).strip()).append('\n');
        }
        Path file = sshDir.resolve("allowed_signers");
        Files.writeString(file, sb.toString());
        return file;
    }

    /** Commits all changes in {@code work} with the git CLI, signed by a GPG key, and pushes main. */
    public String commitGpgSigned(Path work, String fingerprint, String message) throws IOException, InterruptedException {
        return commit(work, message, "-c", "user.signingkey=" + fingerprint, "-c", "gpg.format=openpgp", "-c", "commit.gpgsign=true");
    }

    public String commitSshSigned(Path work, Path key, String message) throws IOException, InterruptedException {
        return commit(work, message, "-c", "user.signingkey=" + key + ".pub", "-c", "gpg.format=ssh", "-c", "commit.gpgsign=true");
    }

    private String commit(Path work, String message, String... config) throws IOException, InterruptedException {
        String git = Tools.require("git", "git");
        Tools.run(work, env(), git, "add", "-A");
        List<String> cmd = new ArrayList<>(List.of(git, "-c", "user.name=Alice", "-c", "user.email=alice@example.com"));
        cmd.addAll(List.of(config));
        cmd.addAll(List.of("commit", "-S", "--allow-empty", "-q", "-m", message));
        Tools.run(work, env(), cmd.toArray(String[]::new));
        Tools.run(work, env(), git, "push", "-q", "-f", "origin", "HEAD:main");
        return Tools.run(work, env(), git, "rev-parse", "HEAD").strip();
    }

    public Map<String, String> env() {
        return Map.of("GNUPGHOME", gnupgHome.toString());
    }
}
