package io.milvusgitops.daemon.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.safety.Redaction;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The audit log: one JSON line per plan, step done, failure and end, with the commit, plan, hop and step;
 * and one per long policy block ({@link AuditEvent#BLOCKED}). Listeners (notifications, Kubernetes
 * Events, the demo's terminal) hear each line after it is written.
 *
 * <p>Every line of a plan says which version the target runs after it ({@code version}: the plan's
 * start, the end of a hop, the old version again after a rollback), and a step done says when it
 * started ({@code startedAt}): the status draws each target's version over time and estimates how long
 * the steps of a running plan take from these lines.
 */
public final class AuditLog {

    /** How much of the end of the file is read back: every plan still running, and the history people look at. */
    private static final int TAIL_BYTES = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Marks the id of a step's failure line among {@link #stepsDone}. */
    private static final String FAILED = "failed:";

    private final Path file;
    private final Clock clock;
    private final Consumer<Entry> listener;
    /** The steps this log holds a line of: done ones by their id, failed ones by {@link #FAILED} and their id. */
    private Set<String> stepsDone;
    private boolean checkedEnd;

    /** One line of the log: the event, the target, the commit and plan (empty for a block), the outcome, and the line itself. */
    public record Entry(Instant at, AuditEvent event, TargetKey target, String commit, String plan, String outcome, String json) {

        /** Where in its plan the line was written: hop, phase and step (empty for a block, or a line this build cannot place). */
        public Optional<Mark> mark() {
            JsonNode n = readQuietly(json);
            if (!n.path("hop").isInt() || !n.path("stepIndex").isInt()) return Optional.empty();
            return Optional.of(new Mark(n.path("hop").asInt(), n.path("phase").asText("RUNNING"), n.path("stepIndex").asInt(),
                    text(n, "step"), text(n, "startedAt").map(Instant::parse)));
        }

        /** The version the target runs after this line, where the line says (a block says what ran then). */
        public Optional<String> version() {
            JsonNode n = readQuietly(json);
            return text(n, "version").or(() -> text(n, "live"));
        }

        private static Optional<String> text(JsonNode n, String field) {
            return n.path(field).isTextual() && !n.path(field).asText().isEmpty() ? Optional.of(n.path(field).asText()) : Optional.empty();
        }
    }

    /**
     * A line's place in its plan: hop {@code hop} (0-based), the record's phase ({@code RUNNING} or {@code ROLLING_BACK}),
     * step {@code step} (0-based) of that phase's steps; the step's type and when it started, for a step done or failed.
     */
    public record Mark(int hop, String phase, int step, Optional<String> type, Optional<Instant> startedAt) {

        public boolean rollingBack() {
            return "ROLLING_BACK".equals(phase);
        }
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

    public void planned(TargetKey target, UpgradeRecord r) {
        write(base(target, r, AuditEvent.PLANNED).put("version", r.planFrom().toString()).put("from", r.planFrom().toString())
                .put("to", r.planTo().toString())
                .put("hops", r.plan().hops().size()).put("outcome", "upgrade " + r.planFrom() + " -> " + r.planTo()));
    }

    /**
     * A step done, once. The line is written before the record moves on, so a crash in between runs the
     * (idempotent) step again on restart; this keeps its second Done out of the log, which then has exactly
     * one line per step of a plan, crash or not.
     */
    public synchronized void stepDone(TargetKey target, UpgradeRecord r, Step step, String what) {
        String id = stepId(r.planId(), r.hopIndex(), r.phase().name(), r.stepIndex());
        if (stepsDone().contains(id)) return;
        ObjectNode line = base(target, r, AuditEvent.STEP_DONE).put("phase", r.phase().name()).put("step", step.type());
        r.stepStartedAt().ifPresent(t -> line.put("startedAt", t.toString()));
        write(line.put("version", r.lastStable().toString()).put("outcome", what));
        // Only once it is written: a line the disk refused is written when the step, run again, is done again.
        stepsDone.add(id);
    }

    /**
     * A step failed for good, once. As with a step done, the line is written before the record turns to the rollback (or
     * halts), so a crash in between runs the step again on restart, which fails again: its second failure stays out of
     * the log (and out of the notifications), which then has one failure line for the one failure.
     */
    public synchronized void stepFailed(TargetKey target, UpgradeRecord r, Step step, StepOutcome.Failed f) {
        String id = FAILED + stepId(r.planId(), r.hopIndex(), r.phase().name(), r.stepIndex());
        if (stepsDone().contains(id)) return;
        ObjectNode line = base(target, r, AuditEvent.STEP_FAILED).put("phase", r.phase().name()).put("step", step.type());
        r.stepStartedAt().ifPresent(t -> line.put("startedAt", t.toString()));
        write(line.put("reason", f.reason().name()).put("version", r.lastStable().toString()).put("outcome", f.message()));
        stepsDone.add(id);
    }

    /** An end or a turn of a plan: completed, superseded, rolled back, halted; {@code r} stands in the hop it ended in. */
    public void event(TargetKey target, UpgradeRecord r, AuditEvent event, String what) {
        ObjectNode line = base(target, r, event);
        if (r.phase() == UpgradeRecord.Phase.ROLLING_BACK) line.put("phase", r.phase().name());
        write(line.put("version", runsAfter(r, event).toString()).put("outcome", what));
    }

    /** What the target runs once {@code event} happened in the hop {@code r} stands in. */
    private static Version runsAfter(UpgradeRecord r, AuditEvent event) {
        return switch (event) {
            case COMPLETED, SUPERSEDED -> r.hop().to();
            case ROLLED_BACK -> r.hop().from();
            case PLANNED, STEP_DONE, STEP_FAILED, HALTED, BLOCKED -> r.lastStable();
        };
    }

    /**
     * A target policy has held back since {@code since} (the long-block watch): no upgrade record is
     * involved, so the line has the versions and rules instead of a commit and a plan.
     */
    public void blocked(TargetKey target, String desired, String live, String verdict, Collection<String> rules, Instant since, String what) {
        ObjectNode line = JSON.createObjectNode().put("at", clock.instant().toString()).put("event", AuditEvent.BLOCKED.id())
                .put("target", target.toString()).put("desired", desired).put("live", live).put("verdict", verdict);
        ArrayNode names = line.putArray("rules");
        rules.stream().sorted().distinct().forEach(names::add);
        write(line.put("since", since.toString()).put("outcome", what));
    }

    /** The newest {@code n} entries, newest first; lines this build cannot read are left out. */
    public List<Entry> newest(int n) {
        List<Entry> out = new ArrayList<>();
        List<String> lines = tailLines();
        for (int i = lines.size() - 1; i >= 0 && out.size() < n; i--) {
            entry(lines.get(i)).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Entry> entry(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            Optional<AuditEvent> event = Named.byId(AuditEvent.class, n.path("event").asText());
            if (event.isEmpty()) return Optional.empty();
            return Optional.of(new Entry(Instant.parse(n.path("at").asText()), event.get(), TargetKey.parse(n.path("target").asText()),
                    n.path("commit").asText(), n.path("plan").asText(), n.path("outcome").asText(), line));
        } catch (IOException | RuntimeException tornOrForeign) {
            return Optional.empty(); // the first line of a tail is cut; the last may be torn by a crash
        }
    }

    private static String stepId(String plan, int hop, String phase, int step) {
        return plan + "/" + hop + "/" + phase + "/" + step;
    }

    /** The steps this log already holds a done or failure line of, read once from the end of the file. */
    private Set<String> stepsDone() {
        if (stepsDone != null) return stepsDone;
        stepsDone = new HashSet<>();
        for (String line : tailLines()) {
            entry(line).filter(e -> e.event() == AuditEvent.STEP_DONE || e.event() == AuditEvent.STEP_FAILED).ifPresent(e -> {
                JsonNode n = readQuietly(e.json());
                stepsDone.add((e.event() == AuditEvent.STEP_FAILED ? FAILED : "")
                        + stepId(e.plan(), n.path("hop").asInt(), n.path("phase").asText(), n.path("stepIndex").asInt()));
            });
        }
        return stepsDone;
    }

    private static JsonNode readQuietly(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** The lines of the last {@link #TAIL_BYTES} of the file. */
    private synchronized List<String> tailLines() {
        if (!Files.isRegularFile(file)) return List.of();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, f.length() - TAIL_BYTES);
            f.seek(from);
            byte[] tail = new byte[(int) (f.length() - from)];
            f.readFully(tail);
            return List.of(new String(tail, StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
    }

    private ObjectNode base(TargetKey target, UpgradeRecord r, AuditEvent event) {
        return JSON.createObjectNode().put("at", clock.instant().toString()).put("event", event.id()).put("target", target.toString())
                .put("commit", r.desiredCommit()).put("plan", r.planId()).put("hop", r.hopIndex()).put("stepIndex", r.stepIndex());
    }

    private boolean tornEnd() throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) return false;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(f.length() - 1);
            return f.read() != '\n';
        }
    }

    private synchronized void write(ObjectNode line) {
        String json;
        try {
            // The one redaction, before the line is kept: notifications and Events are built from it.
            json = Redaction.redact(JSON.writeValueAsString(line));
            // A crash can leave the last line torn; the first line of this process then starts on a line of its own.
            String start = checkedEnd ? "" : tornEnd() ? "\n" : "";
            checkedEnd = true;
            Files.writeString(file, start + json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log " + file, e);
        }
        entry(json).ifPresent(listener);
    }
}
