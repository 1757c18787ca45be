package io.milvusgitops.daemon.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The daemon's embedded default: a fleet directory (the example fleet) turned into a local Git
 * repository the daemon follows like any other. Each start commits what changed in the directory,
 * so editing {@code examples/fleet} and restarting shows a new desired state, with history.
 */
public final class EmbeddedFleet {

    private EmbeddedFleet() {
    }

    /** Commits {@code fleetDir} into the repository at {@code repo} (created on first use) and returns its file:// URL. */
    public static String sync(Path fleetDir, Path repo) throws IOException {
        if (!Files.isRegularFile(fleetDir.resolve("fleet.yaml"))) {
            throw new IOException(fleetDir + " holds no fleet.yaml: pass --fleet DIR with a fleet repository's directory (docs/fleet-format.md)");
        }
        try (Git git = Files.isDirectory(repo.resolve(".git")) ? Git.open(repo.toFile())
                : Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            clearWorkTree(repo);
            copy(fleetDir, repo);
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            if (!git.status().call().isClean() || git.getRepository().resolve("HEAD") == null) {
                PersonIdent me = new PersonIdent("milvus-gitops", "milvus-gitops@localhost");
                git.commit().setMessage("fleet from " + fleetDir.toAbsolutePath().normalize()).setAuthor(me).setCommitter(me)
                        .setSign(false).call();
            }
        } catch (GitAPIException e) {
            throw new IOException("cannot commit " + fleetDir + " into " + repo + ": " + e.getMessage(), e);
        }
        return repo.toUri().toString();
    }

    private static void clearWorkTree(Path repo) throws IOException {
        try (Stream<Path> s = Files.list(repo)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals(".git")).toList()) delete(p);
        }
    }

    private static void delete(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            // Not the fleet's own .git, when DIR is a repository's root: the embedded repository keeps its own.
            for (Path p : s.filter(p -> p.equals(from) || !from.relativize(p).getName(0).toString().equals(".git")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
