package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.git.RepositoryUrl;
import io.milvusgitops.daemon.git.Secret;
import io.milvusgitops.daemon.promote.Promoter;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.daemon.safety.Redaction;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code promote}: the commit an environment-promotion pipeline writes. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Write the commit that moves --to to the Milvus version --from declares (a one-line diff with trailers).",
                "With --push it goes to the branch; without, to a branch of its own for a pull request. Exit 0 promoted or nothing to do, 1 error."})
final class PromoteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "URL|DIR",
            description = "A clone (directory), a remote URL, or a bare repository's directory (cloned like a URL) of the fleet repository.")
    String repo;

    @Option(names = "--from", required = true, paramLabel = "ENV", description = "The environment whose version is promoted, e.g. staging.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENV", description = "The environment that takes it, e.g. prod.")
    String to;

    @Option(names = "--push", description = "Push the commit to the current branch (default: commit on promote/<env>-<version> for a pull request).")
    boolean push;

    @Option(names = "--sign", description = "Sign the commit (git config user.signingkey and gpg.format: openpgp or ssh).")
    boolean sign;

    @Option(names = "--branch", paramLabel = "NAME", description = "The branch to commit on (default promote/<env>-<version>; with --push the current one).")
    String branch;

    @Option(names = "--path", paramLabel = "DIR", defaultValue = "", description = "The fleet's directory inside the repository.")
    String path;

    @Option(names = "--author", paramLabel = "'NAME <EMAIL>'", description = "Author and committer of the commit.")
    String author;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable holding an HTTPS token for cloning and pushing.")
    String tokenEnv;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Optional<CredentialsProvider> credentials = Optional.ofNullable(tokenEnv)
                .map(v -> new UsernamePasswordCredentialsProvider("git", Secret.fromEnv(v).reveal()));
        Path dir = Path.of(repo);
        boolean remote = !isCheckout(dir);
        if (remote && !Files.isDirectory(dir)) {
            Optional<String> wrong = RepositoryUrl.problem(repo);
            if (wrong.isPresent()) {
                throw new ParameterException(spec.commandLine(), "--repo: " + wrong.get() + ": give the fleet repository's directory or "
                        + RepositoryUrl.SUPPORTED);
            }
        }
        if (remote && Files.isDirectory(dir) && !RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
            spec.commandLine().getErr().println("error: --repo " + repo + " is a directory but neither a Git checkout nor a bare repository:"
                    + " give a clone of the fleet repository, its URL, or the bare repository's directory");
            return ExitCode.ERROR;
        }
        File work = remote ? Files.createTempDirectory("milvus-gitops-promote").toFile() : dir.toFile();
        try (Git git = remote ? clone(work, credentials) : Git.open(work)) {
            Promoter.Options options = new Promoter.Options(push, sign, Optional.ofNullable(branch), Optional.ofNullable(author).map(PromoteCommand::ident),
                    credentials, path);
            switch (Promoter.promote(git, from, to, options)) {
                case Promoter.Outcome.NothingToDo n -> out.println("nothing to promote: " + n.reason());
                case Promoter.Outcome.Promoted p -> out.printf("promoted %s from %s to %s (from %s): commit %s on %s, %s%n", p.environment(),
                        p.from(), p.to(), p.source(), p.commit().substring(0, 12), p.branch(),
                        p.pushed() ? "pushed" : "not pushed (no remote)");
            }
            out.flush();
            return ExitCode.OK;
        } catch (Promoter.PromotionException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCode.ERROR;
        } finally {
            if (remote) FileUtils.delete(work, FileUtils.RECURSIVE | FileUtils.IGNORE_ERRORS);
        }
    }

    /** A working tree to commit in; anything else (a URL, a bare repository, which git clone takes alike) is cloned first. */
    private static boolean isCheckout(Path dir) {
        return Files.isDirectory(dir) && Files.exists(dir.resolve(".git"));
    }

    private Git clone(File work, Optional<CredentialsProvider> credentials) throws Exception {
        try {
            Path local = Path.of(repo);
            String uri = Files.isDirectory(local) ? local.toAbsolutePath().toString() : repo;
            var clone = Git.cloneRepository().setURI(uri).setDirectory(work);
            credentials.ifPresent(clone::setCredentialsProvider);
            return clone.call();
        } catch (Exception e) {
            throw new IllegalStateException("cannot clone " + Redaction.redact(repo) + ": " + Failures.describe(e));
        }
    }

    private static PersonIdent ident(String text) {
        int lt = text.indexOf('<');
        int gt = text.indexOf('>');
        if (lt < 0 || gt < lt) {
            throw new IllegalArgumentException("--author '" + text + "': write 'Name <email>'");
        }
        return new PersonIdent(text.substring(0, lt).trim(), text.substring(lt + 1, gt).trim());
    }
}
