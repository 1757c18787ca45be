package io.milvusgitops.daemon.status;

import io.milvusgitops.daemon.audit.AuditEvent;
import io.milvusgitops.daemon.audit.AuditLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long steps of each type take here, learnt from the audit log: every step-done line says when the
 * step started and when it was done. The typical duration of a type is the median of its newest
 * {@link #SAMPLES} steps, on any target: a rollout's length depends on the cluster more than on the
 * version, and the median is not thrown by one step that waited an hour on a stuck node.
 */
public final class StepDurations {

    static final int SAMPLES = 20;

    private final Map<String, List<Duration>> byType;

    private StepDurations(Map<String, List<Duration>> byType) {
        this.byType = byType;
    }

    /** From audit-log lines, newest first. */
    public static StepDurations from(List<AuditLog.Entry> newestFirst) {
        Map<String, List<Duration>> byType = new HashMap<>();
        for (AuditLog.Entry e : newestFirst) {
            if (e.event() != AuditEvent.STEP_DONE) continue;
            e.mark().ifPresent(m -> {
                if (m.type().isEmpty() || m.startedAt().isEmpty()) return;
                List<Duration> samples = byType.computeIfAbsent(m.type().get(), t -> new ArrayList<>());
                if (samples.size() < SAMPLES) samples.add(Duration.between(m.startedAt().get(), e.at()));
            });
        }
        return new StepDurations(byType);
    }

    /** The typical duration of a step of {@code type}, or empty when none has been done yet. */
    public Optional<Duration> typical(String type) {
        List<Duration> samples = byType.getOrDefault(type, List.of());
        if (samples.isEmpty()) return Optional.empty();
        List<Duration> sorted = samples.stream().sorted().toList();
        return Optional.of(sorted.get(sorted.size() / 2));
    }
}
