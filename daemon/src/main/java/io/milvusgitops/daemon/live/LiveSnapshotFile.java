package io.milvusgitops.daemon.live;

import io.milvusgitops.daemon.safety.SafeFiles;
import io.milvusgitops.policy.live.LiveSnapshotParser;
import io.milvusgitops.policy.yaml.Problem;
import io.milvusgitops.policy.yaml.YamlLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads a live snapshot file: a regular file, refused over the size limit before it is read, UTF-8 ({@link SafeFiles}). */
public final class LiveSnapshotFile {

    private LiveSnapshotFile() {
    }

    public static LiveSnapshotParser.Result read(Path file) throws IOException {
        String text;
        try {
            text = SafeFiles.readText(file, YamlLimits.USER_FILE.maxBytes(), "the live snapshot");
        } catch (SafeFiles.Unreadable e) {
            return new LiveSnapshotParser.Result.Invalid(List.of(Problem.atFile(file.toString(), e.reason(),
                    "give the live snapshot (docs/live-snapshot.md), e.g. examples/live-snapshot.yaml")));
        }
        return LiveSnapshotParser.parse(file.toString(), text);
    }
}
