package io.milvusgitops.daemon.fleet;

import io.milvusgitops.policy.fleet.FleetFiles;
import io.milvusgitops.policy.yaml.Problem;
import io.milvusgitops.policy.yaml.YamlLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the YAML files of a fleet repository checked out in a directory. Bounded: it never follows
 * symbolic links, skips {@code .git}, reads at most {@link #MAX_FILES} files, and refuses a file over
 * the size limit from its size alone, before reading it.
 */
public final class DirectoryFleetReader {

    static final int MAX_FILES = 10_000;
    private static final int MAX_DEPTH = 6;

    private DirectoryFleetReader() {
    }

    /** @throws IOException when the directory itself cannot be listed (the caller reports it) */
    public static FleetFiles read(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory: point at the fleet repository (the directory with fleet.yaml)");
        }
        Map<String, String> files = new HashMap<>();
        List<Problem> unreadable = new ArrayList<>();
        long limit = YamlLimits.USER_FILE.maxBytes();
        long[] total = {0};
        Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (!attrs.isRegularFile() || !(name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    return FileVisitResult.CONTINUE;
                }
                String rel = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (files.size() + unreadable.size() >= MAX_FILES) {
                    unreadable.add(Problem.atFile(FleetFiles.WHOLE_REPOSITORY, "more than " + MAX_FILES + " YAML files in the repository",
                            "keep the fleet repository to its fleet files"));
                    return FileVisitResult.TERMINATE;
                }
                if (attrs.size() > limit) {
                    unreadable.add(Problem.atFile(rel, "file is " + attrs.size() + " bytes, more than the limit of " + limit + " bytes",
                            "split it, or remove what does not belong in it"));
                    return FileVisitResult.CONTINUE;
                }
                if (total[0] + attrs.size() > FleetFiles.MAX_TOTAL_BYTES) {
                    unreadable.add(Problem.atFile(FleetFiles.WHOLE_REPOSITORY, "the YAML files exceed " + FleetFiles.MAX_TOTAL_BYTES
                            + " bytes in all", "keep the fleet repository to its fleet files"));
                    return FileVisitResult.TERMINATE;
                }
                total[0] += attrs.size();
                try {
                    files.put(rel, StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString());
                } catch (CharacterCodingException e) {
                    unreadable.add(Problem.atFile(rel, "file is not UTF-8 text", "save it as UTF-8"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                unreadable.add(Problem.atFile(root.relativize(file).toString(), "cannot be read: " + e.getClass().getSimpleName(),
                        "check the file's permissions"));
                return FileVisitResult.CONTINUE;
            }
        });
        return new FleetFiles(files, unreadable);
    }
}
