package io.milvusgitops.daemon.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/** Upgrade records as JSON files, one per target, written to a temporary file, synced, and renamed into place. */
public final class DirectoryStateStore implements StateStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public DirectoryStateStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    private Path file(String target) {
        return dir.resolve(target.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    @Override
    public Optional<UpgradeRecord> load(String target) throws IOException {
        Path f = file(target);
        if (!Files.exists(f)) return Optional.empty();
        JsonNode n = JSON.readTree(f.toFile());
        return Optional.of(new UpgradeRecord(n.get("planId").asText(), n.get("desiredCommit").asText(), Version.parse(n.get("planFrom").asText()),
                Version.parse(n.get("planTo").asText()), n.get("hopIndex").asInt(), n.get("stepIndex").asInt(),
                UpgradeRecord.Phase.valueOf(n.get("phase").asText()), Version.parse(n.get("lastStable").asText()),
                n.hasNonNull("stepStartedAt") ? Optional.of(Instant.parse(n.get("stepStartedAt").asText())) : Optional.empty(),
                n.get("attempts").asInt(), n.get("message").asText(), Instant.parse(n.get("updatedAt").asText())));
    }

    @Override
    public void save(String target, UpgradeRecord r) throws IOException {
        ObjectNode n = JSON.createObjectNode().put("planId", r.planId()).put("desiredCommit", r.desiredCommit())
                .put("planFrom", r.planFrom().toString()).put("planTo", r.planTo().toString()).put("hopIndex", r.hopIndex())
                .put("stepIndex", r.stepIndex()).put("phase", r.phase().name()).put("lastStable", r.lastStable().toString())
                .put("attempts", r.attempts()).put("message", r.message()).put("updatedAt", r.updatedAt().toString());
        r.stepStartedAt().ifPresent(t -> n.put("stepStartedAt", t.toString()));
        Path f = file(target);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n)));
            ch.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void clear(String target) throws IOException {
        Files.deleteIfExists(file(target));
    }
}
