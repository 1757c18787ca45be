package io.milvusgitops.daemon.promote;

import io.milvusgitops.daemon.fleet.DirectoryFleetReader;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.FleetFiles;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Writes the commit that moves one environment to the version the environment before it declares:
 * the one {@code milvusVersion} field changed, the fleet validated again, a message with trailers
 * naming the source environment and commit, signed when asked; then pushed to the branch, or left
 * on a branch of its own for a pull request.
 */
public final class Promoter {

    /** How to write and deliver the commit. */
    public record Options(boolean push, boolean sign, Optional<String> branch, Optional<PersonIdent> author,
                          Optional<CredentialsProvider> credentials, String fleetPath) {
    }

    /** What happened. */
    public sealed interface Outcome {
        record Promoted(String environment, Version from, Version to, String source, String commit, String branch, boolean pushed)
                implements Outcome {
        }

        record NothingToDo(String reason) implements Outcome {
        }
    }

    private Promoter() {
    }

    public static Outcome promote(Git git, String from, String to, Options options) throws IOException, GitAPIException, PromotionException {
        Path workTree = git.getRepository().getWorkTree().toPath();
        Path fleetDir = options.fleetPath().isEmpty() ? workTree : workTree.resolve(options.fleetPath());
        if (!git.status().call().isClean()) {
            throw new PromotionException("the working tree of " + workTree + " has uncommitted changes: commit or stash them first,"
                    + " so that the promotion commit holds the promotion only");
        }
        boolean hasOrigin = git.getRepository().getConfig().getSubsections("remote").contains("origin");
        if (options.push() && !hasOrigin) {
            throw new PromotionException("--push: the repository has no remote 'origin' to push to");
        }
        FleetFiles files = DirectoryFleetReader.read(fleetDir);
        Fleet fleet = parse(files, "before the promotion");
        Environment source = fleet.environment(from).orElseThrow(() -> new PromotionException("--from " + from + ": no such environment"));
        Environment target = fleet.environment(to).orElseThrow(() -> new PromotionException("--to " + to + ": no such environment"));
        if (!target.promoteFrom().map(from::equals).orElse(false)) {
            throw new PromotionException(to + " is promoted from " + target.promoteFrom().orElse("nothing (no promoteFrom)") + ", not from " + from
                    + ": promote along the order in the environment files");
        }
        Version version = source.milvusVersion();
        if (version.equals(target.milvusVersion())) {
            return new Outcome.NothingToDo(to + " already declares " + version + ", as " + from + " does");
        }
        if (version.isBefore(target.milvusVersion())) {
            throw new PromotionException(from + " declares " + version + ", older than " + to + "'s " + target.milvusVersion()
                    + ": a promotion never downgrades");
        }
        Path file = fleetDir.resolve(target.file());
        String text = files.files().get(target.file()); // read once, through the fleet's loader
        String edited = VersionEdit.setMilvusVersion(target.file(), text, version.toString())
                .orElseThrow(() -> new PromotionException("cannot find milvusVersion in " + target.file()));
        Map<String, String> after = new HashMap<>(files.files());
        after.put(target.file(), edited);
        parse(new FleetFiles(after, files.unreadable()), "after the edit"); // never commit a fleet that does not validate
        String sourceCommit = git.getRepository().resolve("HEAD").getName();
        Optional<String> branch = options.branch().or(() -> options.push() ? Optional.empty() : Optional.of("promote/" + to + "-" + version));
        // --branch names the branch the commit goes on: the one checked out (commit here), or a new one from HEAD.
        if (branch.isPresent() && !branch.get().equals(git.getRepository().getBranch())) {
            if (git.getRepository().findRef(Constants.R_HEADS + branch.get()) != null) {
                throw new PromotionException("--branch " + branch.get() + " exists but is not checked out (" + git.getRepository().getBranch()
                        + " is): check it out first, or name a new branch");
            }
            git.checkout().setCreateBranch(true).setName(branch.get()).call();
        }
        Files.writeString(file, edited, StandardCharsets.UTF_8);
        String repoRelative = workTree.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        PersonIdent who = options.author().orElseGet(() -> configuredIdent(git));
        CommitCommand commit = git.commit().setOnly(repoRelative).setAuthor(who).setCommitter(who).setSign(options.sign())
                .setMessage(to + ": promote Milvus " + target.milvusVersion() + " -> " + version + " from " + from + "\n\n"
                        + "Promoted-from: " + from + "\n"
                        + "Source-commit: " + sourceCommit + "\n"
                        + "Milvus-version: " + version + "\n");
        RevCommit made = commit.call();
        String onBranch = git.getRepository().getBranch();
        boolean pushed = false;
        if (hasOrigin) {
            PushCommand push = git.push().setRemote("origin").add(onBranch);
            options.credentials().ifPresent(push::setCredentialsProvider);
            for (PushResult r : push.call()) {
                for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                    if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new PromotionException("push of " + onBranch + " was refused: " + u.getStatus()
                                + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")") + "; pull and promote again");
                    }
                }
            }
            pushed = true;
        }
        return new Outcome.Promoted(to, target.milvusVersion(), version, from, made.getName(), onBranch, pushed);
    }

    /** user.name and user.email of the repository's git config (a signature's key must belong to the committer), else milvus-gitops. */
    private static PersonIdent configuredIdent(Git git) {
        var cfg = git.getRepository().getConfig();
        String name = cfg.getString("user", null, "name");
        String email = cfg.getString("user", null, "email");
        return name != null && email != null ? new PersonIdent(name, email) : new PersonIdent("milvus-gitops", "milvus-gitops@localhost");
    }

    private static Fleet parse(FleetFiles files, String when) throws PromotionException {
        FleetResult r = FleetParser.parse(files, VersionCatalog.builtIn());
        if (r instanceof FleetResult.Invalid inv) {
            throw new PromotionException("the fleet is not valid " + when + ": " + inv.problems().get(0).describe()
                    + (inv.problems().size() > 1 ? " (and " + (inv.problems().size() - 1) + " more; run validate)" : ""));
        }
        return ((FleetResult.Valid) r).fleet();
    }

    /** A promotion that cannot be done, with what to do instead. */
    public static final class PromotionException extends Exception {
        public PromotionException(String message) {
            super(message);
        }
    }
}
