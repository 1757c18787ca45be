package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.version.VersionRange;
import io.milvusgitops.policy.yaml.Problems;
import io.milvusgitops.policy.yaml.YamlLimits;
import io.milvusgitops.policy.yaml.YamlLoader;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and validates a version catalog (format: docs/catalog.md). Every problem is collected;
 * a catalog with any problem is refused as a whole with {@link CatalogException}, because a
 * half-trusted upgrade table is worse than none.
 */
public final class CatalogLoader {

    private static final List<String> TOP = List.of("schema", "chartRepository", "rules", "topologies", "preferredStops", "releases", "charts");
    private static final List<String> RULE_FIELDS = List.of("id", "kind", "from", "to", "methods", "modes", "messageQueues",
            "unless", "otherwise", "because", "migrationImage", "tool", "resetThenReuseValues", "minimumOperator",
            "unconfirmed", "source", "note");
    private static final String REFUSED = "refused";

    private final String file;
    private final Problems problems = new Problems();

    private CatalogLoader(String file) {
        this.file = file;
    }

    public static VersionCatalog fromResource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("catalog resource " + name + " is missing from the classpath");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog resource " + name, e);
        }
    }

    /** Parses and validates catalog text; {@code file} names it in every problem. */
    public static VersionCatalog parse(String file, String text) {
        return new CatalogLoader(file).load(text);
    }

    private VersionCatalog load(String text) {
        Optional<YamlMap> root = YamlLoader.load(file, text, YamlLimits.CATALOG, problems)
                .flatMap(n -> YamlMap.root(file, n, problems));
        if (root.isEmpty()) {
            throw new CatalogException(problems.sorted());
        }
        YamlMap top = root.get();
        top.allowOnly(TOP);
        top.required("schema", "write schema: 1").flatMap(v -> v.asInt(1, 1));
        String repo = top.required("chartRepository", "write chartRepository: zilliztech/milvus")
                .flatMap(v -> v.asName("write a Helm repository/chart name")).orElse("");
        List<Release> releases = listOf(top, "releases", this::release);
        Map<Version, Release> known = checkDuplicateReleases(top, releases);
        List<HelmChart> charts = listOf(top, "charts", v -> chart(v, known));
        List<UpgradeRule> rules = listOf(top, "rules", this::rule);
        List<Topology> topologies = listOf(top, "topologies", this::topology);
        List<Version> preferred = listOf(top, "preferredStops", v -> preferredStop(v, known));
        checkRulesDisjoint(top, rules);
        checkTopologiesDisjoint(top, topologies);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems.sorted());
        }
        return new VersionCatalog(repo, releases, charts, rules, topologies, Set.copyOf(preferred));
    }

    private <T> List<T> listOf(YamlMap top, String key, Function<YamlValue, Optional<T>> reader) {
        List<T> out = new ArrayList<>();
        top.required(key, "add a '" + key + ":' list").flatMap(YamlValue::asList)
                .ifPresent(items -> items.forEach(item -> reader.apply(item).ifPresent(out::add)));
        return out;
    }

    private Optional<Release> release(YamlValue item) {
        Optional<YamlMap> m = item.asMap();
        if (m.isEmpty()) return Optional.empty();
        YamlMap r = m.get();
        r.allowOnly(List.of("version", "kind", "evidence"));
        Optional<String> spelling = r.required("version", "write the release, e.g. version: 2.5.16").flatMap(v -> v.asName("write a version"));
        Optional<Version> version = spelling.flatMap(s -> version(r.get("version").orElseThrow(), s));
        Optional<Release.Kind> kind = r.required("kind", "write kind: ga, prerelease or hotfix")
                .flatMap(v -> v.asString("write ga, prerelease or hotfix"))
                .flatMap(k -> switch (k) {
                    case "ga" -> Optional.of(Release.Kind.GA);
                    case "prerelease" -> Optional.of(Release.Kind.PRERELEASE);
                    case "hotfix" -> Optional.of(Release.Kind.HOTFIX);
                    default -> {
                        r.get("kind").orElseThrow().report("unknown release kind '" + k + "'", "write ga, prerelease or hotfix");
                        yield Optional.empty();
                    }
                });
        String evidence = r.get("evidence").flatMap(v -> v.asString("write where the release was seen")).orElse("");
        if (version.isEmpty() || kind.isEmpty()) return Optional.empty();
        if (kind.get() == Release.Kind.GA && !version.get().suffix().isEmpty()) {
            r.self().report("release " + spelling.get() + " has a suffix but kind ga", "write kind: prerelease or hotfix");
        }
        return Optional.of(new Release(version.get(), kind.get(), spelling.get().replaceFirst("^[vV]", ""), evidence));
    }

    private Map<Version, Release> checkDuplicateReleases(YamlMap top, List<Release> releases) {
        Map<Version, Release> seen = new HashMap<>();
        for (Release r : releases) {
            Release before = seen.putIfAbsent(r.version(), r);
            if (before != null) {
                top.keyAt("releases").report("duplicate release " + r.spelling() + " (same version as "
                        + before.spelling() + ")", "keep one entry for " + r.version());
            }
        }
        return seen;
    }

    private Optional<HelmChart> chart(YamlValue item, Map<Version, Release> known) {
        Optional<YamlMap> m = item.asMap();
        if (m.isEmpty()) return Optional.empty();
        YamlMap c = m.get();
        c.allowOnly(List.of("chart", "app", "date", "pulsarV3"));
        Optional<Version> chart = c.required("chart", "write the chart version").flatMap(v -> versionOf(v));
        Optional<Version> app = c.required("app", "write the Milvus version the chart ships").flatMap(v -> versionOf(v));
        app.filter(a -> !known.containsKey(a)).ifPresent(a -> c.get("app").orElseThrow().report(
                "chart ships Milvus " + a + ", which is not under releases", "add the release " + a + " to releases first"));
        Optional<LocalDate> date = c.required("date", "write the chart's date, YYYY-MM-DD").flatMap(v -> v.asString("YYYY-MM-DD")
                .flatMap(s -> {
                    try {
                        return Optional.of(LocalDate.parse(s));
                    } catch (DateTimeParseException e) {
                        v.report("'" + s + "' is not a date", "write YYYY-MM-DD");
                        return Optional.empty();
                    }
                }));
        boolean pulsarV3 = c.required("pulsarV3", "write pulsarV3: true or false").flatMap(YamlValue::asBoolean).orElse(false);
        if (chart.isEmpty() || app.isEmpty() || date.isEmpty()) return Optional.empty();
        return Optional.of(new HelmChart(chart.get(), app.get(), date.get(), pulsarV3));
    }

    private Optional<Version> preferredStop(YamlValue item, Map<Version, Release> known) {
        return item.asMap().flatMap(m -> {
            m.allowOnly(List.of("version", "source"));
            m.required("source", "name the guide that stops there").flatMap(v -> v.asName("write the source"));
            Optional<Version> v = m.required("version", "write the version").flatMap(this::versionOf);
            v.filter(x -> !known.containsKey(x)).ifPresent(x -> m.get("version").orElseThrow().report(
                    "preferred stop " + x + " is not under releases", "add the release first, or correct the version"));
            return v;
        });
    }

    private final Map<String, YamlValue> ruleIds = new HashMap<>();
    private final Map<UpgradeRule, YamlValue> rulePositions = new HashMap<>();

    private Optional<UpgradeRule> rule(YamlValue item) {
        Optional<YamlMap> m = item.asMap();
        if (m.isEmpty()) return Optional.empty();
        YamlMap r = m.get();
        r.allowOnly(RULE_FIELDS);
        Optional<String> id = r.required("id", "give the rule a unique id").flatMap(v -> v.asName("write a word"));
        id.ifPresent(i -> {
            YamlValue first = ruleIds.putIfAbsent(i, r.self());
            if (first != null) {
                r.get("id").orElseThrow().report("duplicate rule id '" + i + "' (first at line " + first.line() + ")", "give each rule its own id");
            }
        });
        Optional<String> kindText = r.required("kind", "write one of: " + Named.choices(HopKind.class) + ", " + REFUSED)
                .flatMap(v -> v.asString("write a kind"));
        Optional<HopKind> kind = kindText.filter(k -> !k.equals(REFUSED)).flatMap(k -> {
            Optional<HopKind> hk = Named.byId(HopKind.class, k);
            if (hk.isEmpty()) {
                r.get("kind").orElseThrow().report("unknown rule kind '" + k + "'", "write one of: " + Named.choices(HopKind.class) + ", " + REFUSED);
            }
            return hk;
        });
        boolean refused = kindText.map(REFUSED::equals).orElse(false);
        Optional<VersionRange> from = r.required("from", "write the source versions, e.g. from: \"[2.2.3,2.6.0)\"").flatMap(this::range);
        Optional<VersionRange> to = r.required("to", "write the target versions, e.g. to: \"[2.2.4,2.6.0)\"").flatMap(this::range);
        Scope scope = scope(r);
        List<Limitation> limitations = new ArrayList<>();
        r.get("unless").flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> i.asMap().ifPresent(u -> {
            u.allowOnly(List.of("methods", "modes", "messageQueues", "because"));
            String because = u.required("because", "say why the rule's kind is not possible there")
                    .flatMap(v -> v.asName("write a sentence")).orElse("");
            limitations.add(new Limitation(scope(u), because));
        })));
        Optional<HopKind> otherwise = r.get("otherwise").flatMap(v -> v.asEnum(HopKind.class));
        Optional<String> because = r.get("because").flatMap(v -> v.asName("write a sentence"));
        Optional<String> migrationImage = r.get("migrationImage").flatMap(v -> v.asName("write an image reference"));
        Optional<String> tool = r.get("tool").flatMap(v -> v.asName("write the tool's name"));
        boolean reset = r.get("resetThenReuseValues").flatMap(YamlValue::asBoolean).orElse(false);
        Optional<Version> minOperator = r.get("minimumOperator").flatMap(this::versionOf);
        boolean unconfirmed = r.get("unconfirmed").flatMap(YamlValue::asBoolean).orElse(false);
        String source = r.required("source", "name where the rule comes from (a seed guide or doc page)")
                .flatMap(v -> v.asName("write the source")).orElse("");
        String note = r.get("note").flatMap(v -> v.asString("write a sentence")).orElse("");

        // Contradictions inside one rule.
        if (refused && because.isEmpty()) {
            r.self().report("a refused rule must say why", "add because: <the reason a person reads>");
        }
        if (refused && (otherwise.isPresent() || !limitations.isEmpty())) {
            r.self().report("a refused rule cannot have 'unless' or 'otherwise'", "remove them, or make it an allowing rule");
        }
        if (!refused && because.isPresent()) {
            r.get("because").orElseThrow().report("'because' belongs to refused rules and to 'unless' entries", "move it, or set kind: refused");
        }
        if (!limitations.isEmpty() && otherwise.isEmpty()) {
            r.self().report("'unless' without 'otherwise' leaves those deployments with no way", "add otherwise: <kind>");
        }
        if (otherwise.isPresent() && kind.isPresent() && otherwise.equals(kind)) {
            r.get("otherwise").orElseThrow().report("'otherwise' is the rule's own kind", "name a different kind, or remove 'unless'");
        }
        if (migrationImage.isPresent() && (refused || kind.isPresent()) && kind.filter(k -> k == HopKind.META_MIGRATION).isEmpty()) {
            r.get("migrationImage").orElseThrow().report("only meta-migration rules run a migration image", "remove migrationImage");
        }
        if (kind.filter(k -> k == HopKind.META_MIGRATION).isPresent() && migrationImage.isEmpty()) {
            r.self().report("a meta-migration rule must name its migrationImage", "add migrationImage: milvusdb/meta-migration:v2.2.0");
        }
        if (from.isPresent() && to.isPresent() && onlyDowngrades(from.get(), to.get())) {
            r.get("to").orElseThrow().report("every version in 'to' " + to.get() + " is at or below every version in 'from' "
                    + from.get() + ": the rule could only match downgrades, which are never upgrade paths", "correct the ranges");
        }
        if (id.isEmpty() || kindText.isEmpty() || from.isEmpty() || to.isEmpty() || (!refused && kind.isEmpty())) {
            return Optional.empty();
        }
        UpgradeRule rule = new UpgradeRule(id.get(), kind, refused ? because : Optional.empty(), from.get(), to.get(), scope,
                limitations, otherwise, migrationImage, tool, reset, minOperator, unconfirmed, source, note);
        rulePositions.put(rule, r.self());
        return Optional.of(rule);
    }

    private static boolean onlyDowngrades(VersionRange from, VersionRange to) {
        return to.upper().isPresent() && from.lower().isPresent() && !to.upper().get().isAfter(from.lower().get());
    }

    private void checkRulesDisjoint(YamlMap top, List<UpgradeRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                UpgradeRule a = rules.get(i);
                UpgradeRule b = rules.get(j);
                if (a.from().overlaps(b.from()) && a.to().overlaps(b.to()) && a.scope().intersects(b.scope())) {
                    YamlValue at = rulePositions.getOrDefault(b, top.self());
                    at.report("rule '" + b.id() + "' overlaps rule '" + a.id() + "' (from " + a.from() + " / " + b.from()
                            + ", to " + a.to() + " / " + b.to() + "): both would decide the same upgrade",
                            "narrow 'from', 'to', methods, modes or messageQueues so that at most one rule applies");
                }
            }
        }
    }

    private Optional<Topology> topology(YamlValue item) {
        Optional<YamlMap> m = item.asMap();
        if (m.isEmpty()) return Optional.empty();
        YamlMap t = m.get();
        t.allowOnly(List.of("versions", "cluster", "optional", "rollingStages", "source"));
        Optional<VersionRange> versions = t.required("versions", "write the release line, e.g. \"[2.3.0,2.6.0)\"").flatMap(this::range);
        List<Component> cluster = components(t.required("cluster", "list the cluster's components"));
        List<Component> optional = components(t.get("optional"));
        List<List<Component>> stages = new ArrayList<>();
        t.required("rollingStages", "list the rolling order, e.g. [[rootcoord], [datanode, querynode]]")
                .flatMap(YamlValue::asList).ifPresent(list -> list.forEach(s -> stages.add(components(Optional.of(s)))));
        String source = t.required("source", "name where the layout comes from").flatMap(v -> v.asName("write the source")).orElse("");
        for (Component c : cluster) {
            if (stages.stream().noneMatch(s -> s.contains(c))) {
                t.self().report("component " + c + " is in the cluster but in no rolling stage", "add it to rollingStages");
            }
        }
        return versions.map(v -> new Topology(v, cluster, optional, stages, source));
    }

    private void checkTopologiesDisjoint(YamlMap top, List<Topology> topologies) {
        for (int i = 0; i < topologies.size(); i++) {
            for (int j = i + 1; j < topologies.size(); j++) {
                if (topologies.get(i).versions().overlaps(topologies.get(j).versions())) {
                    top.keyAt("topologies").report("topologies " + topologies.get(i).versions() + " and "
                            + topologies.get(j).versions() + " overlap", "give each release line one topology");
                }
            }
        }
    }

    private List<Component> components(Optional<YamlValue> value) {
        List<Component> out = new ArrayList<>();
        value.flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> i.asEnum(Component.class).ifPresent(out::add)));
        return out;
    }

    private Scope scope(YamlMap m) {
        return new Scope(
                enumSet(m.get("methods"), DeployMethod.class),
                enumSet(m.get("modes"), DeployMode.class),
                enumSet(m.get("messageQueues"), MessageQueue.class));
    }

    private <E extends Enum<E> & Named> Set<E> enumSet(Optional<YamlValue> value, Class<E> type) {
        if (value.isEmpty()) {
            return EnumSet.allOf(type);
        }
        Set<E> out = EnumSet.noneOf(type);
        value.get().asList().ifPresent(items -> items.forEach(i -> i.asEnum(type).ifPresent(out::add)));
        if (out.isEmpty()) {
            value.get().report("an empty list matches nothing", "list at least one value, or remove the field to mean all");
            return EnumSet.allOf(type);
        }
        return out;
    }

    private Optional<VersionRange> range(YamlValue v) {
        return v.asString("write an interval such as [2.2.3,2.6.0)").flatMap(s -> {
            try {
                return Optional.of(VersionRange.parse(s));
            } catch (IllegalArgumentException e) {
                v.report(e.getMessage(), "write an interval such as [2.2.3,2.6.0)");
                return Optional.empty();
            }
        });
    }

    private Optional<Version> versionOf(YamlValue v) {
        return v.asString("write a version such as 2.5.16").flatMap(s -> version(v, s));
    }

    private Optional<Version> version(YamlValue v, String text) {
        Optional<Version> parsed = Version.tryParse(text);
        if (parsed.isEmpty()) {
            v.report("'" + text + "' is not a version", "write MAJOR.MINOR.PATCH, e.g. 2.5.16");
        }
        return parsed;
    }
}
