package io.milvusgitops.daemon.git;

import io.milvusgitops.policy.verdict.Approval;
import io.milvusgitops.policy.verdict.DesiredCommit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.FooterKey;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Reads the commit at HEAD of the Git repository that holds a fleet directory, with its
 * {@code Approved-by:} trailers. Trailers name a person ({@code Alice <alice@example.com>} counts
 * as {@code alice@example.com}). Signatures are not verified here; the daemon's Git source does that.
 */
public final class CommitApprovals {

    static final FooterKey APPROVED_BY = new FooterKey("Approved-by");
    private static final Pattern EMAIL = Pattern.compile("<([^>]+)>");

    private CommitApprovals() {
    }

    /** The HEAD commit of the repository around {@code dir}, or {@link DesiredCommit#UNKNOWN} when there is none. */
    public static DesiredCommit head(Path dir) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return DesiredCommit.UNKNOWN;
        }
        try (Repository repo = builder.build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve("HEAD");
            if (head == null) {
                return DesiredCommit.UNKNOWN;
            }
            return of(walk.parseCommit(head));
        }
    }

    public static DesiredCommit of(RevCommit commit) {
        List<Approval> approvals = new ArrayList<>();
        for (FooterLine f : commit.getFooterLines()) {
            if (f.matches(APPROVED_BY)) {
                approvals.add(Approval.trailer(person(f.getValue())));
            }
        }
        return new DesiredCommit(commit.getName(), approvals);
    }

    /** {@code Alice <alice@example.com>} -> {@code alice@example.com}; a bare name stays as written. */
    static String person(String value) {
        Matcher m = EMAIL.matcher(value);
        return m.find() ? m.group(1).trim() : value.trim();
    }
}
