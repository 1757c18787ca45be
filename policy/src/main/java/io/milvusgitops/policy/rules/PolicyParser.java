package io.milvusgitops.policy.rules;

import io.milvusgitops.policy.live.LiveSnapshotParser;
import io.milvusgitops.policy.time.Durations;
import io.milvusgitops.policy.yaml.Problems;
import io.milvusgitops.policy.yaml.Suggestions;
import io.milvusgitops.policy.yaml.YamlHeader;
import io.milvusgitops.policy.yaml.YamlLimits;
import io.milvusgitops.policy.yaml.YamlLoader;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the policy file (docs/policy.md). Unknown rule types and fields, bad cron schedules,
 * durations, time zones and CEL expressions that do not compile are problems with file:line, like
 * every other fleet file; an empty file means the built-in defaults.
 */
public final class PolicyParser {

    static final List<String> RULES = List.of("maintenanceWindows", "promotionGate", "freezes", "approvals", "waves", "custom",
            "allowDowntime", "allowDataMigration", "maxHops", "backupRequired", "healthyBeforeStart");

    private final String file;
    private final Set<String> environments;
    private final Problems problems;

    private PolicyParser(String file, Set<String> environments, Problems problems) {
        this.file = file;
        this.environments = environments;
        this.problems = problems;
    }

    /** The policy, or empty when it has problems (all of them added to {@code problems}). */
    public static Optional<Policy> parse(String file, String text, Set<String> environments, Problems problems) {
        return new PolicyParser(file, environments, problems).read(text);
    }

    private Optional<Policy> read(String text) {
        int before = problems.size();
        Optional<Node> node = YamlLoader.loadIfAny(file, text, YamlLimits.USER_FILE, problems);
        if (node.isEmpty()) {
            return problems.size() == before ? Optional.of(Policy.DEFAULTS) : Optional.empty();
        }
        Optional<YamlMap> root = YamlMap.root(file, node.get(), problems);
        if (root.isEmpty()) return Optional.empty();
        YamlMap m = root.get();
        m.allowOnly(List.of("apiVersion", "kind", "defaults", "environments"));
        YamlHeader.check(m, "Policy");
        RuleSet defaults = m.get("defaults").flatMap(YamlValue::asMap).map(this::ruleSet).orElse(RuleSet.EMPTY);
        Map<String, RuleSet> perEnv = new HashMap<>();
        m.get("environments").flatMap(YamlValue::asMap).ifPresent(envs -> {
            for (String env : envs.keys()) {
                if (!environments.contains(env)) {
                    envs.keyAt(env).report("policy for '" + env + "', which is no environment of the fleet",
                            "write one of: " + String.join(", ", environments.stream().sorted().toList()));
                    continue;
                }
                envs.get(env).flatMap(YamlValue::asMap).map(this::ruleSet).ifPresent(r -> perEnv.put(env, r));
            }
        });
        return problems.size() == before ? Optional.of(new Policy(defaults, perEnv)) : Optional.empty();
    }

    private RuleSet ruleSet(YamlMap m) {
        m.get("noDowngrade").ifPresent(v -> m.keyAt("noDowngrade").report("'noDowngrade' is always on and cannot be set",
                "remove it: downgrades are never an upgrade path"));
        List<String> allowed = new ArrayList<>(RULES);
        allowed.add("noDowngrade");
        for (String key : m.keys()) {
            if (!allowed.contains(key)) {
                String hint = Suggestions.closest(key, RULES).map(s -> " (did you mean '" + s + "'?)").orElse("");
                m.keyAt(key).report("unknown rule type '" + key + "'" + hint, "use one of: " + String.join(", ", RULES));
            }
        }
        return new RuleSet(
                m.get("maintenanceWindows").flatMap(YamlValue::asList).map(l -> l.stream().flatMap(v -> window(v).stream()).toList()),
                m.get("promotionGate").flatMap(YamlValue::asMap).flatMap(this::gate),
                m.get("freezes").flatMap(YamlValue::asList).map(l -> l.stream().flatMap(v -> freeze(v).stream()).toList()),
                m.get("approvals").flatMap(YamlValue::asMap).flatMap(this::approvals),
                m.get("waves").flatMap(YamlValue::asMap).flatMap(this::waves),
                m.get("custom").flatMap(YamlValue::asList).map(this::customRules),
                m.get("allowDowntime").flatMap(YamlValue::asBoolean),
                m.get("allowDataMigration").flatMap(YamlValue::asBoolean),
                m.get("maxHops").flatMap(v -> v.asInt(1, 20)),
                m.get("backupRequired").flatMap(YamlValue::asBoolean),
                m.get("healthyBeforeStart").flatMap(YamlValue::asBoolean));
    }

    private Optional<MaintenanceWindow> window(YamlValue v) {
        return v.asMap().flatMap(w -> {
            w.allowOnly(List.of("kind", "schedule", "duration", "timeZone", "appliesTo"));
            MaintenanceWindow.Kind kind = w.get("kind").flatMap(k -> k.asEnum(MaintenanceWindow.Kind.class)).orElse(MaintenanceWindow.Kind.ALLOW);
            Optional<String> schedule = w.required("schedule", "write a Quartz cron schedule, e.g. \"0 0 2 ? * SAT\" (sec min hour day month weekday)")
                    .flatMap(s -> s.asString("write a Quartz cron schedule").flatMap(text -> {
                        Optional<String> error = MaintenanceWindow.checkSchedule(text);
                        error.ifPresent(e -> s.report("'" + text + "' is not a Quartz cron schedule: " + (MaintenanceWindow.fieldCount(text) == 5
                                        ? "it has 5 fields, like a Unix cron, but Quartz cron has 6 or 7 (seconds first)" : e),
                                MaintenanceWindow.fieldCount(text) == 5
                                        ? "Quartz cron starts with seconds and has six or seven fields; for the Unix cron '" + text
                                        + "' write '0 " + text + "' with '?' in day-of-month or day-of-week, e.g. \"0 0 2 ? * SAT\""
                                        : "write six or seven fields: seconds minutes hours day-of-month month day-of-week [year], e.g. \"0 0 2 ? * SAT\""));
                        return error.isEmpty() ? Optional.of(text) : Optional.empty();
                    }));
            Optional<Duration> duration = w.required("duration", "write how long the window stays open, e.g. 4h").flatMap(this::duration);
            ZoneId zone = w.get("timeZone").flatMap(this::zone).orElse(ZoneOffset.UTC);
            MaintenanceWindow.AppliesTo applies = w.get("appliesTo").flatMap(a -> a.asEnum(MaintenanceWindow.AppliesTo.class))
                    .orElse(MaintenanceWindow.AppliesTo.DOWNTIME);
            if (schedule.isEmpty() || duration.isEmpty()) return Optional.empty();
            return Optional.of(new MaintenanceWindow(kind, schedule.get(), duration.get(), zone, applies));
        });
    }

    private Optional<PromotionGate> gate(YamlMap g) {
        g.allowOnly(List.of("soak"));
        return g.required("soak", "write how long the upstream must run the version healthy, e.g. 24h").flatMap(this::duration).map(PromotionGate::new);
    }

    private Optional<Freeze> freeze(YamlValue v) {
        return v.asMap().flatMap(f -> {
            f.allowOnly(List.of("from", "to", "reason"));
            Optional<Instant> from = f.required("from", "write when the freeze starts, e.g. 2026-12-20T00:00:00+01:00").flatMap(LiveSnapshotParser::instant);
            Optional<Instant> to = f.required("to", "write when it ends").flatMap(LiveSnapshotParser::instant);
            String reason = f.get("reason").flatMap(r -> r.asString("say why")).orElse("freeze");
            if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
                f.get("to").orElseThrow().report(to.get().equals(from.get()) ? "the freeze ends the instant it starts"
                        : "the freeze ends before it starts", "write a 'to' after 'from'");
                return Optional.empty();
            }
            return from.isPresent() && to.isPresent() ? Optional.of(new Freeze(from.get(), to.get(), reason)) : Optional.empty();
        });
    }

    private Optional<ApprovalRule> approvals(YamlMap a) {
        a.allowOnly(List.of("required", "people", "keys"));
        Optional<Integer> required = a.required("required", "write how many approvals a commit needs, e.g. 1").flatMap(v -> v.asInt(1, 100));
        int before = problems.size();
        Set<String> people = strings(a.get("people"));
        Set<String> keys = strings(a.get("keys"));
        if (problems.size() > before) {
            return Optional.empty(); // the lists themselves are wrong, and reported
        }
        if (people.isEmpty() && keys.isEmpty()) {
            a.self().report("no approver is listed", "list people (Approved-by: trailers) or keys (commit signatures)");
            return Optional.empty();
        }
        int approvers = people.size() + keys.size();
        if (required.isPresent() && required.get() > approvers) {
            a.get("required").orElseThrow().report(required.get() + " approvals required but only " + approvers
                    + (approvers == 1 ? " approver is" : " approvers are") + " listed", "list more approvers or require fewer");
        }
        return required.map(r -> new ApprovalRule(r, people, keys));
    }

    private Optional<Waves> waves(YamlMap w) {
        w.allowOnly(List.of("maxConcurrent", "canaryFirst"));
        int max = w.get("maxConcurrent").flatMap(v -> v.asInt(1, 1000)).orElse(1);
        boolean canary = w.get("canaryFirst").flatMap(YamlValue::asBoolean).orElse(true);
        return Optional.of(new Waves(max, canary));
    }

    private List<CustomRule> customRules(List<YamlValue> items) {
        List<CustomRule> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlValue item : items) {
            item.asMap().ifPresent(c -> {
                c.allowOnly(List.of("name", "expression", "message"));
                Optional<String> name = c.required("name", "name the rule, e.g. not-on-fridays").flatMap(v -> v.asName("write a name"));
                name.filter(n -> !names.add(n)).ifPresent(n -> c.get("name").orElseThrow().report("duplicate custom rule '" + n + "'", "give each rule its own name"));
                Optional<String> expression = c.required("expression", "write a CEL expression that is true when the plan may start")
                        .flatMap(v -> v.asString("write a CEL expression"));
                String message = c.get("message").flatMap(v -> v.asString("write what a person should read")).orElse("");
                if (name.isEmpty() || expression.isEmpty()) return;
                switch (CelCheck.compile(expression.get())) {
                    case CelCheck.Compiled.Ok ok -> out.add(new CustomRule(name.get(), expression.get(), message, ok.check()));
                    case CelCheck.Compiled.Failed f -> c.get("expression").orElseThrow().report("the CEL expression does not compile: " + f.message(),
                            "write a boolean CEL expression over environment, target, plan, history and now (docs/policy.md)");
                }
            });
        }
        return out;
    }

    private Set<String> strings(Optional<YamlValue> v) {
        Set<String> out = new HashSet<>();
        v.flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> i.asName("write a name or key").ifPresent(name -> {
            if (!out.add(name)) {
                i.report("duplicate approver '" + name + "'", "list each approver once");
            }
        })));
        return out;
    }

    /** Longer than any window or soak anyone means, and far from overflowing Instant arithmetic. */
    private static final Duration MAX_DURATION = Duration.ofDays(3660);

    private Optional<Duration> duration(YamlValue v) {
        return v.asString("write a duration such as 4h, 90m or 1h30m").flatMap(s -> {
            Optional<Duration> d = Durations.parse(s);
            if (d.isEmpty()) {
                v.report("'" + s + "' is not a duration", "write e.g. 4h, 90m, 1h30m or 2d");
            } else if (d.get().isZero() || d.get().isNegative()) {
                v.report("'" + s + "' is not longer than zero", "write a positive duration, e.g. 4h");
                return Optional.empty();
            } else if (d.get().compareTo(MAX_DURATION) > 0) {
                v.report("'" + s + "' is longer than ten years", "write a duration of at most 3660d");
                return Optional.empty();
            }
            return d;
        });
    }

    private Optional<ZoneId> zone(YamlValue v) {
        return v.asString("write a time zone such as Europe/Berlin or UTC").flatMap(s -> {
            try {
                return Optional.of(ZoneId.of(s));
            } catch (DateTimeException e) {
                v.report("unknown time zone '" + s + "'", "write an IANA zone such as Europe/Berlin, America/New_York or UTC");
                return Optional.empty();
            }
        });
    }
}
