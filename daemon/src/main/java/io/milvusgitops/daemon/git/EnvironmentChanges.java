package io.milvusgitops.daemon.git;

import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Which commit set each environment: the last commit, at or before the desired one, that changed the
 * environment's file ({@code git log -1 -- environments/prod.yaml}). The pipeline on the status page
 * shows it beside each environment's version, as Kargo shows the freight of each stage.
 */
public final class EnvironmentChanges {

    private EnvironmentChanges() {
    }

    /**
     * For every environment of {@code fleet}, its file's last change in {@code repo} up to {@code head}; {@code prefix}
     * is the fleet's directory in the repository ({@code ""} at the root). Walked once per applied commit.
     */
    public static Map<String, LastChange> of(Repository repo, ObjectId head, String prefix, Fleet fleet) throws IOException {
        Map<String, LastChange> out = new LinkedHashMap<>();
        for (Environment e : fleet.inPromotionOrder()) {
            lastChange(repo, head, prefix.isEmpty() ? e.file() : prefix + "/" + e.file()).ifPresent(c -> out.put(e.name(), c));
        }
        return out;
    }

    /** The same for the Git repository around the directory {@code fleetDir} (a checkout), at its HEAD; empty outside Git. */
    public static Map<String, LastChange> ofCheckout(Path fleetDir, Fleet fleet) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(fleetDir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) return Map.of();
        try (Repository repo = builder.build()) {
            ObjectId head = repo.resolve("HEAD");
            if (head == null || repo.isBare()) return Map.of();
            Path root = repo.getWorkTree().toPath().toRealPath();
            String prefix = root.relativize(fleetDir.toRealPath()).toString().replace(fleetDir.getFileSystem().getSeparator(), "/");
            return of(repo, head, prefix, fleet);
        }
    }

    private static Optional<LastChange> lastChange(Repository repo, ObjectId head, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
            walk.markStart(walk.parseCommit(head));
            RevCommit c = walk.next();
            return c == null ? Optional.empty() : Optional.of(new LastChange(c.getName(), c.getCommitterIdent().getWhenAsInstant(),
                    c.getAuthorIdent().getName(), c.getShortMessage()));
        }
    }
}
