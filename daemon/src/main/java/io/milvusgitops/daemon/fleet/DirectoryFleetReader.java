package io.milvusgitops.daemon.fleet;

import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.fleet.FleetFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Walks a fleet repository checked out in a directory and hands every entry to the one loader,
 * {@link FleetFileCollector}, as the Git source does with a commit's tree. Bounded: it never follows
 * symbolic links (a link where a fleet file is expected is a problem), skips {@code .git}, descends at
 * most {@link #MAX_DEPTH} levels, and refuses a file over the size limit from its size alone.
 */
public final class DirectoryFleetReader {

    static final int MAX_FILES = FleetFileCollector.MAX_FILES;
    private static final int MAX_DEPTH = 6;

    private DirectoryFleetReader() {
    }

    /** @throws IOException when the directory itself cannot be listed (the caller reports it) */
    public static FleetFiles read(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory: point at the fleet repository (the directory with fleet.yaml)");
        }
        FleetFileCollector collector = new FleetFileCollector("the root");
        Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(root)) return FileVisitResult.CONTINUE;
                if (dir.getFileName().toString().equals(".git")) return FileVisitResult.SKIP_SUBTREE;
                String rel = relative(root, dir);
                if (!collector.add(rel, FleetFileCollector.Kind.DIRECTORY, 0, null)) return FileVisitResult.TERMINATE;
                return FleetFileCollector.isFleetName(dir.getFileName().toString()) && !dir.getFileName().toString().equals("environments")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                FleetFileCollector.Kind kind = attrs.isSymbolicLink() ? FleetFileCollector.Kind.SYMBOLIC_LINK
                        : attrs.isRegularFile() ? FleetFileCollector.Kind.FILE
                        : attrs.isDirectory() ? FleetFileCollector.Kind.DIRECTORY : FleetFileCollector.Kind.OTHER;
                boolean go = collector.add(relative(root, file), kind, attrs.size(), () -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, attrs.size() + 1));
                    }
                });
                return go ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (FleetFileCollector.isFleetName(file.getFileName().toString())) collector.unreadable(relative(root, file), Failures.describe(e));
                return FileVisitResult.CONTINUE;
            }
        });
        return collector.files();
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }
}
