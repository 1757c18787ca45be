package io.milvusgitops.daemon.record;

import io.milvusgitops.daemon.safety.SafeFiles;
import io.milvusgitops.policy.fleet.TargetKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Upgrade records as JSON files, one per target, written to a temporary file, synced, and renamed into place. */
public final class DirectoryStateStore implements StateStore {

    private final Path dir;

    public DirectoryStateStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    private Path file(TargetKey target) {
        return dir.resolve(target.toString().replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    @Override
    public Optional<UpgradeRecord> load(TargetKey target) throws IOException {
        Path f = file(target);
        return Files.exists(f) ? Optional.of(RecordJson.read(SafeFiles.readBytes(f, 16 << 20, "the upgrade record"))) : Optional.empty();
    }

    @Override
    public void save(TargetKey target, UpgradeRecord r) throws IOException {
        Path f = file(target);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(RecordJson.write(r)));
            ch.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void clear(TargetKey target) throws IOException {
        Files.deleteIfExists(file(target));
    }
}
