package io.milvusgitops.policy.live;

import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.PulsarVersion;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.yaml.Problem;
import io.milvusgitops.policy.yaml.Problems;
import io.milvusgitops.policy.yaml.YamlLimits;
import io.milvusgitops.policy.yaml.YamlLoader;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a live snapshot (docs/live-snapshot.md): what every target runs, as a file, for
 * {@code plan --live} and for tests. Every problem is reported with its position.
 */
public final class LiveSnapshotParser {

    /** A parsed snapshot, or every problem that stops it from being one. */
    public sealed interface Result {
        record Parsed(LiveFleet fleet) implements Result {
        }

        record Invalid(List<Problem> problems) implements Result {
        }
    }

    private final String file;
    private final Problems problems = new Problems();

    private LiveSnapshotParser(String file) {
        this.file = file;
    }

    public static Result parse(String file, String text) {
        return new LiveSnapshotParser(file).read(text);
    }

    private Result read(String text) {
        Optional<YamlMap> root = YamlLoader.load(file, text, YamlLimits.USER_FILE, problems).flatMap(n -> YamlMap.root(file, n, problems));
        Map<String, Map<String, LiveTarget>> envs = new HashMap<>();
        Optional<Instant> observedAt = Optional.empty();
        if (root.isPresent()) {
            YamlMap m = root.get();
            m.allowOnly(List.of("apiVersion", "kind", "observedAt", "environments"));
            m.required("kind", "write kind: LiveSnapshot").flatMap(v -> v.asString("write kind: LiveSnapshot"))
                    .filter(k -> !k.equals("LiveSnapshot"))
                    .ifPresent(k -> m.get("kind").orElseThrow().report("kind '" + k + "' is not a live snapshot", "write kind: LiveSnapshot"));
            observedAt = m.get("observedAt").flatMap(LiveSnapshotParser::instant);
            m.required("environments", "map each environment to its targets").flatMap(YamlValue::asMap).ifPresent(e -> {
                for (String env : e.keys()) {
                    Map<String, LiveTarget> targets = new HashMap<>();
                    e.get(env).flatMap(YamlValue::asMap).ifPresent(t -> {
                        for (String name : t.keys()) {
                            t.get(name).flatMap(v -> target(env, name, v)).ifPresent(lt -> targets.put(name, lt));
                        }
                    });
                    envs.put(env, targets);
                }
            });
        }
        if (!problems.isEmpty()) {
            return new Result.Invalid(problems.sorted());
        }
        return new Result.Parsed(new LiveFleet(observedAt, envs));
    }

    private Optional<LiveTarget> target(String env, String name, YamlValue value) {
        Optional<YamlMap> mm = value.asMap();
        if (mm.isEmpty()) return Optional.empty();
        YamlMap m = mm.get();
        m.allowOnly(List.of("version", "health", "since", "upgrading", "mode", "messageQueue", "pulsar", "coordinators", "history"));
        Optional<Version> version = m.required("version", "write the Milvus version it runs, e.g. 2.5.16").flatMap(LiveSnapshotParser::version);
        Optional<Health> health = m.required("health", "write Healthy, Progressing, Degraded, Suspended, Missing or Unknown")
                .flatMap(v -> v.asEnum(Health.class));
        Optional<Instant> since = m.required("since", "write since when it runs this version in this health, e.g. 2026-11-20T08:00:00Z")
                .flatMap(LiveSnapshotParser::instant);
        boolean upgrading = m.get("upgrading").flatMap(YamlValue::asBoolean).orElse(false);
        Optional<DeployMode> mode = m.get("mode").flatMap(v -> v.asEnum(DeployMode.class));
        Optional<MessageQueue> queue = m.get("messageQueue").flatMap(v -> v.asEnum(MessageQueue.class));
        Optional<PulsarVersion> pulsar = m.get("pulsar").flatMap(v -> v.asEnum(PulsarVersion.class));
        Optional<Coordinators> coordinators = m.get("coordinators").flatMap(v -> v.asEnum(Coordinators.class));
        List<HistoryEntry> history = new ArrayList<>();
        m.get("history").flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> i.asMap().ifPresent(h -> {
            h.allowOnly(List.of("at", "from", "to", "outcome"));
            Optional<Instant> at = h.required("at", "write when it ended").flatMap(LiveSnapshotParser::instant);
            Optional<Version> from = h.required("from", "write the version before").flatMap(LiveSnapshotParser::version);
            Optional<Version> to = h.required("to", "write the version after").flatMap(LiveSnapshotParser::version);
            Optional<HistoryEntry.Outcome> outcome = h.required("outcome", "write succeeded, failed or rolled-back")
                    .flatMap(v -> v.asEnum(HistoryEntry.Outcome.class));
            if (at.isPresent() && from.isPresent() && to.isPresent() && outcome.isPresent()) {
                history.add(new HistoryEntry(at.get(), from.get(), to.get(), outcome.get()));
            }
        })));
        if (version.isEmpty() || health.isEmpty() || since.isEmpty()) return Optional.empty();
        return Optional.of(new LiveTarget(env, name, version.get(), health.get(), since.get(), upgrading, mode, history, queue,
                new Layout(pulsar, coordinators, Optional.empty())));
    }

    static Optional<Version> version(YamlValue v) {
        return v.asString("write a version such as 2.5.16").flatMap(s -> {
            Optional<Version> parsed = Version.tryParse(s);
            if (parsed.isEmpty()) v.report("'" + s + "' is not a version", "write MAJOR.MINOR.PATCH, e.g. 2.5.16");
            return parsed;
        });
    }

    /** An ISO-8601 instant with offset: {@code 2026-11-20T08:00:00Z} or {@code 2026-11-20T09:00:00+01:00}. */
    public static Optional<Instant> instant(YamlValue v) {
        return v.asString("write a date-time such as 2026-11-20T08:00:00Z").flatMap(s -> {
            try {
                return Optional.of(OffsetDateTime.parse(s).toInstant());
            } catch (DateTimeParseException e) {
                v.report("'" + s + "' is not a date-time with a time zone offset", "write e.g. 2026-11-20T08:00:00Z or 2026-11-20T09:00:00+01:00");
                return Optional.empty();
            }
        });
    }
}
