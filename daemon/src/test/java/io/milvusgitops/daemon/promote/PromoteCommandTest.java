package io.milvusgitops.daemon.promote;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.cli.Main;
import io.milvusgitops.daemon.git.Verification;
import io.milvusgitops.daemon.git.VerifierAccess;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.SigningKeys;
import io.milvusgitops.daemon.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromoteCommandTest {

    @TempDir
    Path tmp;
    FleetRepo repo;

    @BeforeEach
    void setUp() throws Exception {
        repo = FleetRepo.create(Files.createDirectories(tmp.resolve("repos")), "fleet.git", Path.of("../examples/fleet"));
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    RevCommit remoteCommit(String ref) throws Exception {
        try (Git bare = Git.open(repo.bare().toFile()); RevWalk walk = new RevWalk(bare.getRepository())) {
            ObjectId id = bare.getRepository().resolve(ref);
            return id == null ? null : walk.parseCommit(id);
        }
    }

    String diff(RevCommit c) throws Exception {
        try (Git bare = Git.open(repo.bare().toFile())) {
            var out = new ByteArrayOutputStream();
            try (var formatter = new DiffFormatter(out)) {
                formatter.setRepository(bare.getRepository());
                formatter.format(c.getParent(0), c);
            }
            return out.toString();
        }
    }

    @Test
    void pushesAOneLineCommitWithTrailers() throws Exception {
        String before = remoteCommit("refs/heads/main").getName();
        Run r = run("promote", "--repo", repo.fileUrl(), "--from", "staging", "--to", "prod", "--push");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("promoted prod from 2.5.16 to 2.6.15 (from staging)").contains("pushed");
        RevCommit c = remoteCommit("refs/heads/main");
        assertThat(c.getParent(0).getName()).isEqualTo(before);
        assertThat(c.getFullMessage()).startsWith("prod: promote Milvus 2.5.16 -> 2.6.15 from staging")
                .contains("Promoted-from: staging").contains("Source-commit: " + before).contains("Milvus-version: 2.6.15");
        String diff = diff(c);
        assertThat(diff.lines().filter(l -> l.startsWith("-") && !l.startsWith("---"))).containsExactly("-milvusVersion: 2.5.16");
        assertThat(diff.lines().filter(l -> l.startsWith("+") && !l.startsWith("+++"))).containsExactly("+milvusVersion: 2.6.15");

        Run again = run("promote", "--repo", repo.fileUrl(), "--from", "staging", "--to", "prod", "--push");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("nothing to promote");
    }

    /** A bare repository's directory is what git clone takes as a remote: cloned, committed in, pushed back (JGit would refuse to open it as a checkout). */
    @Test
    void aBareRepositoryPathIsClonedLikeAUrl() throws Exception {
        String before = remoteCommit("refs/heads/main").getName();
        Run r = run("promote", "--repo", repo.bare().toString(), "--from", "staging", "--to", "prod", "--push");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("Bare Repository");
        assertThat(r.out()).contains("promoted prod from 2.5.16 to 2.6.15 (from staging)").contains("pushed");
        RevCommit c = remoteCommit("refs/heads/main");
        assertThat(c.getParent(0).getName()).isEqualTo(before);
        assertThat(c.getFullMessage()).contains("Promoted-from: staging");

        Run branch = run("promote", "--repo", repo.bare().toString(), "--from", "dev", "--to", "staging");
        assertThat(branch.exit()).as(branch.err()).isZero();

        Run neither = run("promote", "--repo", tmp.toString(), "--from", "staging", "--to", "prod");
        assertThat(neither.exit()).isEqualTo(1);
        assertThat(neither.err()).contains("neither a Git checkout nor a bare repository");
    }

    @Test
    void withoutPushTheCommitGoesToABranchForAPullRequest() throws Exception {
        String main = remoteCommit("refs/heads/main").getName();
        Run r = run("promote", "--repo", repo.fileUrl(), "--from", "staging", "--to", "prod");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(remoteCommit("refs/heads/main").getName()).as("main untouched").isEqualTo(main);
        RevCommit branch = remoteCommit("refs/heads/promote/prod-2.6.15");
        assertThat(branch).isNotNull();
        assertThat(branch.getParent(0).getName()).isEqualTo(main);
    }

    @Test
    void promotesAlongTheOrderOnlyAndNeverDowngrades() throws Exception {
        Run skip = run("promote", "--repo", repo.fileUrl(), "--from", "dev", "--to", "prod");
        assertThat(skip.exit()).isEqualTo(1);
        assertThat(skip.err()).contains("prod is promoted from staging, not from dev");

        String prod = repo.read("environments/prod.yaml").replace("milvusVersion: 2.5.16", "milvusVersion: 2.6.16");
        repo.commit("prod ahead", Map.of("environments/prod.yaml", prod));
        Run down = run("promote", "--repo", repo.fileUrl(), "--from", "staging", "--to", "prod", "--push");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("never downgrades");
    }

    @Test
    void refusesADirtyWorkingTreeAndChangesNothing() throws Exception {
        Files.writeString(repo.work().resolve("environments/dev.yaml"),
                repo.read("environments/dev.yaml") + "# a local edit\n");
        String main = remoteCommit("refs/heads/main").getName();
        Run r = run("promote", "--repo", repo.work().toString(), "--from", "staging", "--to", "prod", "--push");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("uncommitted changes");
        assertThat(remoteCommit("refs/heads/main").getName()).isEqualTo(main);
        assertThat(repo.read("environments/prod.yaml")).contains("milvusVersion: 2.5.16");
    }

    @Test
    void pushWithoutARemoteIsAnError(@TempDir Path local) throws Exception {
        try (Git git = Git.init().setDirectory(local.toFile()).setInitialBranch("main").call()) {
            FleetRepo.copy(Path.of("../examples/fleet"), local);
            git.add().addFilepattern(".").call();
            git.commit().setAuthor(FleetRepo.ALICE).setCommitter(FleetRepo.ALICE).setSign(false).setMessage("fleet").call();
        }
        Run r = run("promote", "--repo", local.toString(), "--from", "staging", "--to", "prod", "--push");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no remote 'origin'");
    }

    /** A local checkout without a remote (the demo's): --branch naming the checked-out branch commits there; an other existing one is refused. */
    @Test
    void branchNamesTheCheckedOutBranchOrANewOne(@TempDir Path local) throws Exception {
        String before;
        try (Git git = Git.init().setDirectory(local.toFile()).setInitialBranch("main").call()) {
            FleetRepo.copy(Path.of("../examples/fleet"), local);
            git.add().addFilepattern(".").call();
            before = git.commit().setAuthor(FleetRepo.ALICE).setCommitter(FleetRepo.ALICE).setSign(false).setMessage("fleet").call().getName();
            git.branchCreate().setName("elsewhere").call();
        }
        Run other = run("promote", "--repo", local.toString(), "--from", "staging", "--to", "prod", "--branch", "elsewhere");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).contains("--branch elsewhere exists but is not checked out (main is)");

        Run here = run("promote", "--repo", local.toString(), "--from", "staging", "--to", "prod", "--branch", "main");
        assertThat(here.exit()).as(here.err()).isZero();
        try (Git git = Git.open(local.toFile())) {
            assertThat(git.getRepository().getBranch()).isEqualTo("main");
            RevCommit head = git.log().setMaxCount(1).call().iterator().next();
            assertThat(head.getParent(0).getName()).isEqualTo(before);
            assertThat(head.getFullMessage()).startsWith("prod: promote Milvus 2.5.16 -> 2.6.15 from staging");
        }
    }

    @Test
    void signsWithGpgWhenAsked() throws Exception {
        SigningKeys keys = new SigningKeys(tmp.resolve("keys"));
        // RSA: JGit's BouncyCastle signer names ed25519 keys of a GnuPG 2.2 keyring by a wrong fingerprint,
        // so GnuPG cannot find the key of such a signature (seen with JGit 7.7.1); see docs/git-source.md.
        String fpr = keys.gpgKey("Release Bot <release@example.com>", "rsa2048");
        try (Git work = Git.open(repo.work().toFile())) {
            var cfg = work.getRepository().getConfig();
            cfg.setString("user", null, "signingkey", fpr);
            cfg.setString("gpg", null, "format", "openpgp");
            cfg.setString("user", null, "name", "Release Bot");
            cfg.setString("user", null, "email", "release@example.com");
            cfg.save();
        }
        Run r = run("promote", "--repo", repo.work().toString(), "--from", "staging", "--to", "prod", "--push", "--sign");
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        RevCommit c = remoteCommit("refs/heads/main");
        assertThat(c.getRawGpgSignature()).isNotNull();
        // GnuPG itself checks the signature JGit made.
        String verified = Tools.run(repo.bare(), keys.env(),
                Tools.require("git", "git"), "verify-commit", "--raw", c.getName());
        assertThat(verified).contains("GOODSIG").contains("VALIDSIG " + fpr);
        // And the daemon's verifier accepts it against the keyring.
        assertThat(VerifierAccess.verify(repo.bare(), c, keys.gnupgHome(), fpr))
                .isInstanceOf(Verification.Verified.class);
    }
}
