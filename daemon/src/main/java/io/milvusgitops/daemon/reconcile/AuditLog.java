package io.milvusgitops.daemon.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.metrics.DaemonMetrics;
import io.milvusgitops.policy.path.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The audit log: one JSON line per plan, step done, failure and end, with the commit, plan, hop and step;
 * and one per long policy block ({@code blocked}).
 */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Clock clock;
    private final Consumer<Entry> listener;
    private java.util.Set<String> stepsDone;
    private boolean checkedEnd;

    /** One line of the log, for those who act on it (notifications): the event, the target ("environment/target") and the line. */
    public record Entry(String event, String target, String commit, String plan, String outcome, String json) {
    }

    public AuditLog(Path file, Clock clock) {
        this(file, clock, e -> { });
    }

    /** {@code listener} hears every line after it is written; it must not block (the executor waits for it). */
    public AuditLog(Path file, Clock clock, Consumer<Entry> listener) {
        this.file = file;
        this.clock = clock;
        this.listener = listener;
    }

    void plan(String target, UpgradeRecord r) {
        write(base(target, r, "planned").put("from", r.planFrom().toString()).put("to", r.planTo().toString())
                .put("outcome", "upgrade " + r.planFrom() + " -> " + r.planTo()));
    }

    /**
     * A step done, once. The line is written before the record moves on, so a crash in between runs the
     * (idempotent) step again on restart; this keeps its second Done out of the log, which then has exactly
     * one line per step of a plan, crash or not.
     */
    synchronized void step(String target, UpgradeRecord r, Step step, String what) {
        String id = r.planId() + "/" + r.hopIndex() + "/" + r.phase() + "/" + r.stepIndex();
        if (!stepsDone().add(id)) return;
        write(base(target, r, "step-done").put("phase", r.phase().name()).put("step", step.type()).put("outcome", what));
    }

    /** The steps this log already holds, read once from the end of the file (the last 4 MiB: every plan still running). */
    private java.util.Set<String> stepsDone() {
        if (stepsDone != null) return stepsDone;
        stepsDone = new java.util.HashSet<>();
        if (!Files.isRegularFile(file)) return stepsDone;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, f.length() - (4 << 20));
            f.seek(from);
            byte[] tail = new byte[(int) (f.length() - from)];
            f.readFully(tail);
            for (String line : new String(tail, StandardCharsets.UTF_8).split("\n")) {
                try {
                    var n = JSON.readTree(line);
                    if ("step-done".equals(n.path("event").asText())) {
                        stepsDone.add(n.path("plan").asText() + "/" + n.path("hop").asText() + "/" + n.path("phase").asText() + "/"
                                + n.path("stepIndex").asText());
                    }
                } catch (IOException tornOrCut) {
                    // the first line of the tail is cut; the last may be torn by a crash: neither is a step done
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return stepsDone;
    }

    void failure(String target, UpgradeRecord r, Step step, StepOutcome.Failed f) {
        write(base(target, r, "step-failed").put("phase", r.phase().name()).put("step", step.type()).put("reason", f.reason().name())
                .put("outcome", f.message()));
    }

    void event(String target, UpgradeRecord r, String event, String what) {
        write(base(target, r, event).put("outcome", what));
    }

    /**
     * A target policy has held back since {@code since} (the long-block watch): no upgrade record is
     * involved, so the line has the versions and rules instead of a commit and a plan.
     */
    public void blocked(DaemonMetrics.TargetState s, Instant since, String what) {
        ObjectNode line = JSON.createObjectNode().put("at", clock.instant().toString()).put("event", "blocked")
                .put("target", s.environment() + "/" + s.target()).put("desired", s.desired()).put("live", s.live()).put("verdict", s.verdict());
        ArrayNode rules = line.putArray("rules");
        s.blockingRules().stream().sorted().distinct().forEach(rules::add);
        write(line.put("since", since.toString()).put("outcome", what));
    }

    private ObjectNode base(String target, UpgradeRecord r, String event) {
        return JSON.createObjectNode().put("at", clock.instant().toString()).put("event", event).put("target", target)
                .put("commit", r.desiredCommit()).put("plan", r.planId()).put("hop", r.hopIndex()).put("stepIndex", r.stepIndex());
    }

    private boolean tornEnd() throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) return false;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
            f.seek(f.length() - 1);
            return f.read() != '\n';
        }
    }

    private synchronized void write(ObjectNode line) {
        String json;
        try {
            json = JSON.writeValueAsString(line);
            // A crash can leave the last line torn; the first line of this process then starts on a line of its own.
            String start = checkedEnd ? "" : tornEnd() ? "\n" : "";
            checkedEnd = true;
            Files.writeString(file, start + json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file, e);
        }
        listener.accept(new Entry(line.path("event").asText(), line.path("target").asText(), line.path("commit").asText(),
                line.path("plan").asText(), line.path("outcome").asText(), json));
    }
}
