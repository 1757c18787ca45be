package io.milvusgitops.daemon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A fleet repository for tests: a bare repository (what a server serves) and a working clone that
 * commits and pushes to it, with real commits.
 */
public final class FleetRepo implements AutoCloseable {

    public static final PersonIdent ALICE = new PersonIdent("Alice", "alice@example.com");

    private final Path bare;
    private final Path work;
    private final Git git;

    private FleetRepo(Path bare, Path work, Git git) {
        this.bare = bare;
        this.work = work;
        this.git = git;
    }

    /** {@code base/name} bare, with the example fleet committed on main. */
    public static FleetRepo create(Path base, String name, Path exampleFleet) throws IOException, GitAPIException {
        Path bare = base.resolve(name);
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        Path work = base.resolveSibling(base.getFileName() + "-work-" + name);
        Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call();
        git.checkout().setOrphan(true).setName("main").call();
        copy(exampleFleet, work);
        FleetRepo repo = new FleetRepo(bare, work, git);
        repo.commitAll("initial fleet");
        return repo;
    }

    public Path bare() {
        return bare;
    }

    public Path work() {
        return work;
    }

    public Git git() {
        return git;
    }

    public String fileUrl() {
        return bare.toUri().toString();
    }

    /** Writes files (relative path -> text; null deletes), commits them and pushes main. Returns the commit id. */
    public String commit(String message, Map<String, String> files) throws IOException, GitAPIException {
        return commit(message, files, ALICE);
    }

    /** The same, as {@code who} at the time {@code who} carries (a commit of the past, say). */
    public String commit(String message, Map<String, String> files, PersonIdent who) throws IOException, GitAPIException {
        for (var e : files.entrySet()) {
            Path p = work.resolve(e.getKey());
            if (e.getValue() == null) {
                Files.deleteIfExists(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
            }
        }
        return commitAll(message, who);
    }

    public String commitAll(String message) throws GitAPIException {
        return commitAll(message, ALICE);
    }

    private String commitAll(String message, PersonIdent who) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        RevCommit c = git.commit().setAuthor(who).setCommitter(who).setSign(false).setAllowEmpty(true).setMessage(message).call();
        git.push().setRemote("origin").add("main").setForce(true).call();
        return c.getName();
    }

    /** Rewrites history: main goes back to {@code commit} plus a new commit, force-pushed. */
    public String forcePushNewHistory(String commit, String message, Map<String, String> files) throws IOException, GitAPIException {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit).call();
        return commit(message, files);
    }

    public String read(String file) throws IOException {
        return Files.readString(work.resolve(file));
    }

    public String head() throws IOException {
        return git.getRepository().resolve("HEAD").getName();
    }

    /** Points the bare repository's main at a commit directly (as a force push by someone else would). */
    public void setRemoteMain(String commit) throws IOException {
        try (var repo = Git.open(bare.toFile())) {
            RefUpdate u = repo.getRepository().updateRef("refs/heads/main");
            u.setNewObjectId(repo.getRepository().resolve(commit));
            u.setForceUpdate(true);
            u.update();
        }
    }

    /** Copies a directory tree (the example fleet, say). */
    public static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
