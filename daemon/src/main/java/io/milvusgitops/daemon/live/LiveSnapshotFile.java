package io.milvusgitops.daemon.live;

import io.milvusgitops.policy.live.LiveSnapshotParser;
import io.milvusgitops.policy.yaml.Problem;
import io.milvusgitops.policy.yaml.YamlLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a live snapshot file, refusing one over the size limit before reading it. */
public final class LiveSnapshotFile {

    private LiveSnapshotFile() {
    }

    public static LiveSnapshotParser.Result read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a file: give the live snapshot (docs/live-snapshot.md), e.g. examples/live-snapshot.yaml");
        }
        long size = Files.size(file);
        if (size > YamlLimits.USER_FILE.maxBytes()) {
            return new LiveSnapshotParser.Result.Invalid(List.of(Problem.atFile(file.toString(), "file is " + size
                    + " bytes, more than the limit of " + YamlLimits.USER_FILE.maxBytes(), "give a snapshot of the fleet only")));
        }
        return LiveSnapshotParser.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
}
