package io.milvusgitops.daemon.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.policy.path.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/** The audit log: one JSON line per plan, step done, failure and end, with the commit, plan, hop and step. */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Clock clock;

    public AuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    void plan(String target, UpgradeRecord r) {
        write(base(target, r, "planned").put("from", r.planFrom().toString()).put("to", r.planTo().toString()));
    }

    void step(String target, UpgradeRecord r, Step step, String what) {
        write(base(target, r, "step-done").put("phase", r.phase().name()).put("step", step.type()).put("outcome", what));
    }

    void failure(String target, UpgradeRecord r, Step step, StepOutcome.Failed f) {
        write(base(target, r, "step-failed").put("phase", r.phase().name()).put("step", step.type()).put("reason", f.reason().name())
                .put("outcome", f.message()));
    }

    void event(String target, UpgradeRecord r, String event, String what) {
        write(base(target, r, event).put("outcome", what));
    }

    private ObjectNode base(String target, UpgradeRecord r, String event) {
        return JSON.createObjectNode().put("at", clock.instant().toString()).put("event", event).put("target", target)
                .put("commit", r.desiredCommit()).put("plan", r.planId()).put("hop", r.hopIndex()).put("stepIndex", r.stepIndex());
    }

    private synchronized void write(ObjectNode line) {
        try {
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file, e);
        }
    }
}
