package io.milvusgitops.daemon.git;

import io.milvusgitops.daemon.safety.SafeFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/** The id of the last applied commit, in a file beside the mirror: written atomically, read at start. */
final class AppliedCommit {

    private final Path file;

    AppliedCommit(Path file) {
        this.file = file;
    }

    Optional<String> load() {
        try {
            String id = SafeFiles.readText(file, 1024, "the applied-commit file").strip();
            return ObjectId.isId(id) ? Optional.of(id) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void save(String id) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
