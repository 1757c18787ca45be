package io.milvusgitops.daemon.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** The JSON form of an upgrade record, the same in every store. */
final class RecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordJson() {
    }

    static byte[] write(UpgradeRecord r) throws IOException {
        ObjectNode n = JSON.createObjectNode().put("planId", r.planId()).put("desiredCommit", r.desiredCommit())
                .put("planFrom", r.planFrom().toString()).put("planTo", r.planTo().toString()).put("hopIndex", r.hopIndex())
                .put("stepIndex", r.stepIndex()).put("phase", r.phase().name()).put("lastStable", r.lastStable().toString())
                .put("attempts", r.attempts()).put("message", r.message()).put("updatedAt", r.updatedAt().toString());
        r.stepStartedAt().ifPresent(t -> n.put("stepStartedAt", t.toString()));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }

    static UpgradeRecord read(byte[] bytes) throws IOException {
        JsonNode n = JSON.readTree(bytes);
        return new UpgradeRecord(n.get("planId").asText(), n.get("desiredCommit").asText(), Version.parse(n.get("planFrom").asText()),
                Version.parse(n.get("planTo").asText()), n.get("hopIndex").asInt(), n.get("stepIndex").asInt(),
                UpgradeRecord.Phase.valueOf(n.get("phase").asText()), Version.parse(n.get("lastStable").asText()),
                n.hasNonNull("stepStartedAt") ? Optional.of(Instant.parse(n.get("stepStartedAt").asText())) : Optional.empty(),
                n.get("attempts").asInt(), n.get("message").asText(), Instant.parse(n.get("updatedAt").asText()));
    }
}
