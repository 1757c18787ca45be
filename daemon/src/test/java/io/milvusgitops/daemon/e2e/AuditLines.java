package io.milvusgitops.daemon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The audit log of a daemon the crash matrices kill, as they read it: its last line may be torn. */
final class AuditLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLines() {
    }

    /** Every whole line of {@code event} in {@code file}, in order (none while the file does not exist). */
    static List<JsonNode> of(Path file, String event) {
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!Files.exists(file)) return out;
            for (String line : Files.readAllLines(file)) {
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n.path("event").asText().equals(event)) out.add(n);
                } catch (IOException torn) {
                    // the last line of a killed process may be torn
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read the audit log: " + e.getMessage());
        }
        return out;
    }

    /** "hop/phase#step" of every step-done line, in order. */
    static List<String> stepsDone(Path file) {
        return of(file, "step-done").stream().map(n -> n.path("hop").asInt() + "/" + n.path("phase").asText() + "#" + n.path("stepIndex").asInt())
                .toList();
    }
}
