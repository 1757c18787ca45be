package io.milvusgitops.daemon.git;

import io.milvusgitops.daemon.fleet.FleetFileCollector;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.fleet.FleetFiles;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * A bare local mirror of the one branch the daemon follows. Polling asks the server for its refs
 * only ({@link #remoteHead()}: one ref advertisement, no objects); a fetch runs only when the head
 * moved. Fleet files are read straight from a commit's tree: no working tree, no checkout.
 */
final class RemoteMirror implements AutoCloseable {

    private final GitSourceSettings settings;
    private final Repository repo;
    private final String trackingRef;
    private final Path dir;
    private SshdSessionFactory sshFactory;

    RemoteMirror(GitSourceSettings settings) throws IOException {
        this.settings = settings;
        this.dir = settings.cacheDir().resolve("mirror-" + digest(settings.url() + "#" + settings.followed()) + ".git");
        Files.createDirectories(dir);
        this.repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        if (!Files.exists(dir.resolve("HEAD"))) {
            repo.create(true);
        }
        this.trackingRef = "refs/remotes/origin/desired";
    }

    Repository repository() {
        return repo;
    }

    Path directory() {
        return dir;
    }

    /** The ref followed on the server: the branch, or the highest tag matching the pattern (peeled to its commit). */
    record RemoteRef(String name, ObjectId commit) {
    }

    /** What the server's branch (or newest matching tag) points at, or empty when there is none. */
    Optional<RemoteRef> remoteHead() throws GitUnavailable {
        if (settings.tagPattern().isPresent()) {
            return newestTag(settings.tagPattern().get());
        }
        String name = Constants.R_HEADS + settings.branch();
        try (Transport transport = Transport.open(repo, new URIish(settings.url()))) {
            configure(transport);
            // With protocol v2 the server advertises only this ref (ref-prefix): the cost of an idle
            // poll does not grow with the number of branches (promote/* branches, say).
            try (FetchConnection connection = transport.openFetch(List.of(new RefSpec(name)))) {
                return Optional.ofNullable(connection.getRef(name)).map(r -> new RemoteRef(name, r.getObjectId()));
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new GitUnavailable("cannot list the refs of " + settings.safeUrl() + ": " + Failures.describe(e), e);
        }
    }

    private Optional<RemoteRef> newestTag(String glob) throws GitUnavailable {
        Pattern pattern = Pattern.compile(
                Pattern.quote(glob).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
        try (Transport transport = Transport.open(repo, new URIish(settings.url()))) {
            configure(transport);
            try (FetchConnection connection = transport.openFetch(List.of(new RefSpec(Constants.R_TAGS + "*:" + Constants.R_TAGS + "*")))) {
                return connection.getRefs().stream()
                        .filter(r -> r.getName().startsWith(Constants.R_TAGS))
                        .filter(r -> pattern.matcher(r.getName().substring(Constants.R_TAGS.length())).matches())
                        .max((a, b) -> TagOrder.compare(a.getName(), b.getName()))
                        .map(r -> new RemoteRef(r.getName(), r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId()));
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new GitUnavailable("cannot list the tags of " + settings.safeUrl() + ": " + Failures.describe(e), e);
        }
    }

    private void configure(Transport transport) {
        transport.setTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        switch (settings.credentials()) {
            case Credentials.None n -> { }
            case Credentials.Token t -> transport.setCredentialsProvider(
                    new UsernamePasswordCredentialsProvider(t.username() == null ? "git" : t.username(), t.token().reveal()));
            case Credentials.SshKey k -> {
                if (transport instanceof SshTransport ssh) ssh.setSshSessionFactory(sshFactory(k));
            }
        }
    }

    /** Fetches the followed ref (forced: a rewritten history is fetched too, and judged by the caller). */
    void fetch(RemoteRef ref) throws GitUnavailable {
        try (Git git = new Git(repo)) {
            configure(git.fetch().setRemote(settings.url()).setTagOpt(TagOpt.NO_TAGS)
                    .setRefSpecs(new RefSpec("+" + ref.name() + ":" + trackingRef))).call();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitUnavailable("cannot fetch " + ref.name() + " from " + settings.safeUrl() + ": " + Failures.describe(e), e);
        }
    }

    /** The commit the mirror holds for the followed ref (the last fetch; a tag peeled to its commit). */
    Optional<ObjectId> localHead() throws IOException {
        return Optional.ofNullable(repo.resolve(trackingRef + "^{commit}"));
    }

    RevCommit commit(ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id);
        }
    }

    boolean isAncestor(ObjectId older, ObjectId newer) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.isMergedInto(walk.parseCommit(older), walk.parseCommit(newer));
        }
    }

    /**
     * The YAML files under the configured sub-path of a commit, with their paths relative to it, through
     * the same loader as a checked-out directory ({@link FleetFileCollector}): a link or a directory where
     * a fleet file is expected is the same problem here as in {@code validate}.
     */
    FleetFiles read(RevCommit commit) throws IOException {
        String prefix = settings.path().isEmpty() ? "" : settings.path() + "/";
        FleetFileCollector collector = new FleetFileCollector(prefix.isEmpty() ? "the root" : prefix);
        try (TreeWalk walk = new TreeWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            walk.addTree(commit.getTree());
            walk.setRecursive(false);
            if (!prefix.isEmpty()) walk.setFilter(PathFilter.create(settings.path()));
            while (walk.next()) {
                String path = walk.getPathString();
                if (!prefix.isEmpty() && !path.startsWith(prefix)) {
                    if (walk.isSubtree() && prefix.startsWith(path + "/")) walk.enterSubtree(); // on the way down to the sub-path
                    continue;
                }
                String rel = path.substring(prefix.length());
                FileMode mode = walk.getFileMode(0);
                FleetFileCollector.Kind kind = mode == FileMode.SYMLINK ? FleetFileCollector.Kind.SYMBOLIC_LINK
                        : mode == FileMode.TREE ? FleetFileCollector.Kind.DIRECTORY
                        : mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE ? FleetFileCollector.Kind.FILE
                        : FleetFileCollector.Kind.OTHER;
                ObjectId id = walk.getObjectId(0);
                long size = kind == FleetFileCollector.Kind.FILE ? reader.getObjectSize(id, Constants.OBJ_BLOB) : 0;
                if (!collector.add(rel, kind, size, () -> reader.open(id, Constants.OBJ_BLOB).getBytes())) break;
                // A directory named like a fleet file was reported as one: what is inside is not read.
                String name = walk.getNameString();
                if (walk.isSubtree() && (name.equals("environments") || !FleetFileCollector.isFleetName(name))) walk.enterSubtree();
            }
        }
        return collector.files();
    }

    private <C extends TransportCommand<C, ?>> C configure(C command) {
        command.setTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        return command.setTransportConfigCallback(this::configure);
    }

    /** One session factory for the mirror's life (it holds a client and its threads); closed with the mirror. */
    private synchronized SshdSessionFactory sshFactory(Credentials.SshKey k) {
        if (sshFactory != null) return sshFactory;
        Path home = settings.cacheDir().resolve("ssh-home");
        sshFactory = new SshdSessionFactoryBuilder()
                .setHomeDirectory(home.toFile())
                .setSshDirectory(home.resolve(".ssh").toFile())
                .setDefaultKnownHostsFiles(f -> List.of(k.knownHosts()))
                .setDefaultIdentities(f -> List.of(k.privateKey()))
                .setKeyPasswordProvider(cp -> new KeyPasswordProvider() {
                    public char[] getPassphrase(URIish uri, int attempt) {
                        return k.passphrase().map(p -> p.reveal().toCharArray()).orElse(new char[0]);
                    }

                    public void setAttempts(int attempts) {
                    }

                    public boolean keyLoaded(URIish uri, int attempt, Exception error) {
                        return false;
                    }
                })
                .build(null);
        return sshFactory;
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        repo.close();
        if (sshFactory != null) sshFactory.close();
    }
}
