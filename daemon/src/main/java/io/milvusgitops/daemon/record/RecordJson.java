package io.milvusgitops.daemon.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The JSON form of an upgrade record, the same in every store. {@code schema} says which form: a record
 * this build cannot read (an older form without its plan, or a newer one) is {@link UnreadableRecord},
 * and the target halts instead of guessing where its plan stood.
 */
public final class RecordJson {

    /** 2: the plan pinned whole (request and path). 1 (before): versions and indices only. */
    static final int SCHEMA = 2;

    private RecordJson() {
    }

    public static byte[] write(UpgradeRecord r) throws IOException {
        ObjectNode n = PlanJson.MAPPER.createObjectNode().put("schema", SCHEMA).put("planId", r.planId()).put("desiredCommit", r.desiredCommit())
                .put("catalog", r.catalog()).put("hopIndex", r.hopIndex()).put("stepIndex", r.stepIndex()).put("phase", r.phase().name())
                .put("lastStable", r.lastStable().toString()).put("attempts", r.attempts()).put("message", r.message())
                .put("updatedAt", r.updatedAt().toString());
        r.stepStartedAt().ifPresent(t -> n.put("stepStartedAt", t.toString()));
        r.failure().ifPresent(f -> n.put("failure", f));
        n.set("request", PlanJson.write(r.request()));
        n.set("plan", PlanJson.write(r.plan()));
        return PlanJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }

    public static UpgradeRecord read(byte[] bytes) throws IOException {
        JsonNode n;
        try {
            n = PlanJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UnreadableRecord("it is not JSON");
        }
        int schema = n.path("schema").asInt(1);
        if (schema != SCHEMA) {
            throw new UnreadableRecord("it was written in form " + schema + " (by " + (schema < SCHEMA ? "an older" : "a newer")
                    + " milvus-gitops); this one reads form " + SCHEMA);
        }
        try {
            return new UpgradeRecord(text(n, "planId"), text(n, "desiredCommit"), PlanJson.request(n.path("request")),
                    PlanJson.plan(n.path("plan")), text(n, "catalog"), n.path("hopIndex").asInt(), n.path("stepIndex").asInt(),
                    UpgradeRecord.Phase.valueOf(text(n, "phase")), Version.parse(text(n, "lastStable")),
                    n.hasNonNull("stepStartedAt") ? Optional.of(Instant.parse(text(n, "stepStartedAt"))) : Optional.empty(),
                    n.path("attempts").asInt(), text(n, "message"), n.hasNonNull("failure") ? Optional.of(text(n, "failure")) : Optional.empty(),
                    Instant.parse(text(n, "updatedAt")));
        } catch (IOException | RuntimeException e) {
            // Jackson's messages name Java types; the reader needs to know what, not how.
            throw new UnreadableRecord("its plan or a field is not one this build knows (a step type from another version?): " + Failures.describe(e));
        }
    }

    private static String text(JsonNode n, String field) throws UnreadableRecord {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new UnreadableRecord("the field '" + field + "' is missing");
        return v.asText();
    }
}
