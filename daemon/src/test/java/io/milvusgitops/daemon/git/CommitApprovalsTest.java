package io.milvusgitops.daemon.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.verdict.Approval;
import io.milvusgitops.policy.verdict.DesiredCommit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitApprovalsTest {

    @Test
    void readsEveryApprovedByTrailerOfHead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("fleet.yaml"), "x: 1\n");
        String id;
        try (Git git = Git.init().setDirectory(dir.toFile()).call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Carol", "carol@example.com");
            id = git.commit().setAuthor(who).setCommitter(who).setSign(false)
                    .setMessage("prod: 2.6.15\n\nApproved-by: Alice <alice@example.com>\nApproved-by: bob\nSigned-off-by: Carol <carol@example.com>\n")
                    .call().getName();
        }
        DesiredCommit c = CommitApprovals.head(dir.resolve("fleet.yaml").getParent());
        assertThat(c.id()).isEqualTo(id);
        assertThat(c.approvals()).containsExactly(Approval.trailer("alice@example.com"), Approval.trailer("bob"));
    }

    @Test
    void aDirectoryOutsideGitHasNoCommit(@TempDir Path dir) throws Exception {
        assertThat(CommitApprovals.head(dir)).isEqualTo(DesiredCommit.UNKNOWN);
    }
}
