package io.milvusgitops.daemon.etcd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Backups as files: {@code <id>.backup} and {@code <id>.json} (the manifest with the SHA-256). A backup
 * is written to a temporary file and renamed into place, so a crash never leaves half a backup that
 * looks whole.
 */
public final class DirectoryBackupStore implements BackupStore {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public DirectoryBackupStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public Writer create(String id) throws IOException {
        check(id);
        Path tmp = dir.resolve(id + ".backup.tmp");
        OutputStream out = Files.newOutputStream(tmp);
        return new Writer() {
            public OutputStream stream() {
                return out;
            }

            public void commit(BackupManifest m) throws IOException {
                out.close();
                Files.move(tmp, dir.resolve(id + ".backup"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                ObjectNode n = JSON.createObjectNode().put("id", m.id()).put("rootPath", m.rootPath()).put("revision", m.revision())
                        .put("keys", m.keys()).put("takenAt", m.takenAt().toString()).put("sha256", m.sha256());
                Path mtmp = dir.resolve(id + ".json.tmp");
                Files.writeString(mtmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
                Files.move(mtmp, dir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }

            public void close() throws IOException {
                out.close();
                Files.deleteIfExists(tmp);
            }
        };
    }

    @Override
    public InputStream open(BackupManifest m) throws IOException {
        check(m.id());
        return Files.newInputStream(dir.resolve(m.id() + ".backup"));
    }

    @Override
    public Optional<BackupManifest> find(String id) throws IOException {
        check(id);
        Path p = dir.resolve(id + ".json");
        if (!Files.exists(p) || !Files.exists(dir.resolve(id + ".backup"))) return Optional.empty();
        var n = JSON.readTree(p.toFile());
        return Optional.of(new BackupManifest(n.get("id").asText(), n.get("rootPath").asText(), n.get("revision").asLong(),
                n.get("keys").asLong(), Instant.parse(n.get("takenAt").asText()), n.get("sha256").asText()));
    }

    @Override
    public List<BackupManifest> list() throws IOException {
        List<BackupManifest> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                find(p.getFileName().toString().replaceFirst("\\.json$", "")).ifPresent(out::add);
            }
        }
        return out;
    }

    private static void check(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("backup id '" + id + "' must be letters, digits, '.', '_' or '-'");
        }
    }
}
