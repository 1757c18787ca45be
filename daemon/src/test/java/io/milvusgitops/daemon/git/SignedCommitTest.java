package io.milvusgitops.daemon.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.SigningKeys;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.verdict.Approval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real GPG- and SSH-signed commits, made by git with keys generated for the test. */
class SignedCommitTest {

    @TempDir
    Path tmp;
    FleetRepo repo;
    SigningKeys keys;

    @BeforeEach
    void setUp() throws Exception {
        repo = FleetRepo.create(Files.createDirectories(tmp.resolve("repos")), "fleet.git", GitSourceTest.EXAMPLE);
        keys = new SigningKeys(tmp.resolve("keys"));
    }

    GitSource source(SignaturePolicy policy, String cache) throws Exception {
        return new GitSource(GitSourceSettings.of(repo.fileUrl(), "main", tmp.resolve(cache)).withSignatures(policy),
                VersionCatalog.builtIn(), Clock.systemUTC());
    }

    void bump(String version) throws Exception {
        Path dev = repo.work().resolve("environments/dev.yaml");
        Files.writeString(dev, Files.readString(dev).replaceFirst("milvusVersion: \\S+", "milvusVersion: " + version));
    }

    @Test
    void gpgSignedByAListedKeyIsAppliedAndCountsAsAnApproval() throws Exception {
        String alice = keys.gpgKey("Alice <alice@example.com>");
        String mallory = keys.gpgKey("Mallory <mallory@example.com>");
        SignaturePolicy policy = new SignaturePolicy(true, Optional.of(keys.gnupgHome()), Set.of(alice), Optional.empty());
        try (GitSource s = source(policy, "cache")) {
            bump("2.6.14");
            String signed = keys.commitGpgSigned(repo.work(), alice, "dev: 2.6.14");
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> {
                assertThat(a.state().commit()).isEqualTo(signed);
                // gpg prints the fingerprint in upper case; it is compared in one normal form everywhere.
                assertThat(a.state().verification()).isInstanceOfSatisfying(Verification.Verified.class,
                        v -> assertThat(v.key()).isEqualTo(alice.toLowerCase(Locale.ROOT)));
                assertThat(a.state().approvals().approvals()).contains(Approval.signature(alice.toLowerCase(Locale.ROOT)));
            });

            bump("2.6.13");
            String byMallory = keys.commitGpgSigned(repo.work(), mallory, "dev: 2.6.13");
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Rejected.class, r -> {
                assertThat(r.rejection().commit()).isEqualTo(byMallory);
                assertThat(r.rejection().describe()).contains("Mallory").contains("not on the list");
            });
            assertThat(s.desired().orElseThrow().commit()).as("the desired state stays at the last verified commit").isEqualTo(signed);

            bump("2.6.12");
            String unsigned = repo.commitAll("dev: 2.6.12, unsigned");
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Rejected.class, r -> {
                assertThat(r.rejection().commit()).isEqualTo(unsigned);
                assertThat(r.rejection().describe()).contains("is not signed");
            });
            assertThat(s.desired().orElseThrow().commit()).isEqualTo(signed);
        }
    }

    @Test
    void sshSignedByAnAllowedSignerIsAppliedAndAnotherKeyIsRefused() throws Exception {
        Path alice = keys.sshKey("alice");
        Path mallory = keys.sshKey("mallory");
        Path allowed = keys.allowedSigners("alice@example.com", alice);
        SignaturePolicy policy = new SignaturePolicy(true, Optional.empty(), Set.of(), Optional.of(allowed));
        try (GitSource s = source(policy, "cache-ssh")) {
            bump("2.6.14");
            String signed = keys.commitSshSigned(repo.work(), alice, "dev: 2.6.14");
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> {
                assertThat(a.state().commit()).isEqualTo(signed);
                assertThat(a.state().verification()).isInstanceOfSatisfying(Verification.Verified.class, v -> {
                    assertThat(v.signer()).isEqualTo("alice@example.com");
                    assertThat(v.key()).startsWith("SHA256:");
                });
            });
            bump("2.6.13");
            keys.commitSshSigned(repo.work(), mallory, "dev: 2.6.13");
            assertThat(s.poll()).isInstanceOf(PollOutcome.Rejected.class);
            assertThat(s.desired().orElseThrow().commit()).isEqualTo(signed);
        }
    }

    @Test
    void theSameUnsignedCommitIsAppliedWithoutVerificationAndRefusedWithIt() throws Exception {
        bump("2.6.14");
        String unsigned = repo.commitAll("unsigned");
        try (GitSource off = source(SignaturePolicy.OFF, "cache-off")) {
            assertThat(off.poll()).isInstanceOfSatisfying(PollOutcome.Applied.class, a -> assertThat(a.state().commit()).isEqualTo(unsigned));
        }
        SignaturePolicy required = new SignaturePolicy(true, Optional.of(keys.gnupgHome()), Set.of(), Optional.empty());
        try (GitSource on = source(required, "cache-on")) {
            assertThat(on.poll()).isInstanceOf(PollOutcome.Rejected.class);
            assertThat(on.desired()).isEmpty();
        }
    }

    @Test
    void aSignatureKindWithoutConfiguredKeysIsRefused() throws Exception {
        Path alice = keys.sshKey("alice2");
        bump("2.6.14");
        keys.commitSshSigned(repo.work(), alice, "ssh-signed, but only GPG keys are configured");
        SignaturePolicy gpgOnly = new SignaturePolicy(true, Optional.of(keys.gnupgHome()), Set.of(), Optional.empty());
        try (GitSource s = source(gpgOnly, "cache-kind")) {
            assertThat(s.poll()).isInstanceOfSatisfying(PollOutcome.Rejected.class,
                    r -> assertThat(r.rejection().describe()).contains("no allowed-signers file is configured"));
        }
    }
}
