package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.Component;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
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

    private static final List<String> TOP = List.of("schema", "chartRepository", "rules", "topologies", "preferredStops", "releases", "charts",
            "chartFacts", "messageQueues", "minio");
    private static final List<String> RULE_FIELDS = List.of("id", "kind", "from", "to", "methods", "modes", "messageQueues",
            "unless", "otherwise", "because", "migrationImage", "tool", "resetThenReuseValues", "minimumOperator",
            "unconfirmed", "mixCoordFirst", "helmValues", "minioImage", "source", "note");
    private static final String REFUSED = "refused";

    private final String file;
    private final Problems problems = new Problems();
    private final Map<String, YamlValue> ruleIds = new HashMap<>();
    private final Map<UpgradeRule, YamlValue> rulePositions = new HashMap<>();

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
        List<Release> releases = listOf(top, "releases", true, v -> CatalogRows.release(v, false));
        Map<Version, Release> known = checkDuplicateReleases(top, releases);
        List<HelmChart> charts = listOf(top, "charts", true, v -> CatalogRows.chart(v, known));
        List<UpgradeRule> rules = listOf(top, "rules", true, this::rule);
        List<Topology> topologies = listOf(top, "topologies", true, this::topology);
        List<Version> preferred = listOf(top, "preferredStops", true, v -> preferredStop(v, known));
        List<ChartFact> facts = listOf(top, "chartFacts", false, CatalogFacts::chartFact);
        List<QueueSupport> queues = listOf(top, "messageQueues", false, CatalogFacts::queue);
        List<MinioRequirement> minio = listOf(top, "minio", false, CatalogFacts::minio);
        checkDuplicateCharts(top, charts);
        checkRulesDisjoint(top, rules);
        checkTopologiesDisjoint(top, topologies);
        checkQueuesOnce(top, queues);
        if (!problems.isEmpty()) {
            throw new CatalogException(problems.sorted());
        }
        VersionCatalog.Parts parts = new VersionCatalog.Parts(repo, releases, charts, rules, topologies, Set.copyOf(preferred), facts, queues,
                minio);
        return new VersionCatalog(parts, CatalogIdentity.of(text));
    }

    private <T> List<T> listOf(YamlMap top, String key, boolean required, Function<YamlValue, Optional<T>> reader) {
        List<T> out = new ArrayList<>();
        Optional<YamlValue> list = required ? top.required(key, "add a '" + key + ":' list") : top.get(key);
        list.flatMap(YamlValue::asList).ifPresent(items -> items.forEach(item -> reader.apply(item).ifPresent(out::add)));
        return out;
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

    private void checkDuplicateCharts(YamlMap top, List<HelmChart> charts) {
        Set<Version> seen = new HashSet<>();
        for (HelmChart c : charts) {
            if (!seen.add(c.chart())) {
                top.keyAt("charts").report("duplicate chart " + c.chart(), "keep one entry for chart " + c.chart());
            }
        }
    }

    private Optional<Version> preferredStop(YamlValue item, Map<Version, Release> known) {
        return item.asMap().flatMap(m -> {
            m.allowOnly(List.of("version", "source"));
            m.required("source", "name the guide that stops there").flatMap(v -> v.asName("write the source"));
            Optional<Version> v = m.required("version", "write the version").flatMap(CatalogRows::version);
            v.filter(x -> !known.containsKey(x)).ifPresent(x -> m.get("version").orElseThrow().report(
                    "preferred stop " + x + " is not under releases", "add the release first, or correct the version"));
            return v;
        });
    }

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
        String kinds = Named.choices(HopKind.class).replace(", " + HopKind.ENABLE_MIXCOORD.id(), "") + ", " + REFUSED;
        Optional<String> kindText = r.required("kind", "write one of: " + kinds).flatMap(v -> v.asString("write a kind"));
        Optional<HopKind> kind = kindText.filter(k -> !k.equals(REFUSED)).flatMap(k -> {
            Optional<HopKind> hk = Named.byId(HopKind.class, k).filter(HopKind::ruleKind);
            if (hk.isEmpty()) {
                r.get("kind").orElseThrow().report("unknown rule kind '" + k + "'", "write one of: " + kinds
                        + (k.equals(HopKind.ENABLE_MIXCOORD.id()) ? " (enable-mixcoord is planned from a rule's mixCoordFirst)" : ""));
            }
            return hk;
        });
        boolean refused = kindText.map(REFUSED::equals).orElse(false);
        Optional<VersionRange> from = r.required("from", "write the source versions, e.g. from: \"[2.2.3,2.6.0)\"").flatMap(CatalogRows::range);
        Optional<VersionRange> to = r.required("to", "write the target versions, e.g. to: \"[2.2.4,2.6.0)\"").flatMap(CatalogRows::range);
        Scope scope = CatalogRows.scope(r);
        List<Limitation> limitations = new ArrayList<>();
        r.get("unless").flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> i.asMap().ifPresent(u -> {
            u.allowOnly(List.of("methods", "modes", "messageQueues", "because"));
            String because = u.required("because", "say why the rule's kind is not possible there")
                    .flatMap(v -> v.asName("write a sentence")).orElse("");
            limitations.add(new Limitation(CatalogRows.scope(u), because));
        })));
        Optional<HopKind> otherwise = r.get("otherwise").flatMap(v -> v.asEnum(HopKind.class));
        Optional<String> because = r.get("because").flatMap(v -> v.asName("write a sentence"));
        Optional<String> migrationImage = r.get("migrationImage").flatMap(v -> v.asName("write an image reference"));
        Optional<String> tool = r.get("tool").flatMap(v -> v.asName("write the tool's name"));
        boolean reset = r.get("resetThenReuseValues").flatMap(YamlValue::asBoolean).orElse(false);
        Optional<Version> minOperator = r.get("minimumOperator").flatMap(CatalogRows::version);
        boolean unconfirmed = r.get("unconfirmed").flatMap(YamlValue::asBoolean).orElse(false);
        boolean mixCoordFirst = r.get("mixCoordFirst").flatMap(YamlValue::asBoolean).orElse(false);
        List<HelmValueRule> helmValues = new ArrayList<>();
        r.get("helmValues").flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> CatalogFacts.helmValue(i).ifPresent(helmValues::add)));
        Optional<String> minioImage = r.get("minioImage").flatMap(v -> v.asName("write the MinIO image, e.g. minio/minio:RELEASE.2024-12-18T13-15-44Z"));
        String source = r.required("source", "name where the rule comes from (the guide's file and commit)")
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
        if (refused && (mixCoordFirst || !helmValues.isEmpty() || minioImage.isPresent())) {
            r.self().report("a refused rule plans no hop: mixCoordFirst, helmValues and minioImage mean nothing there", "remove them");
        }
        if (from.isPresent() && to.isPresent() && onlyDowngrades(from.get(), to.get())) {
            r.get("to").orElseThrow().report("every version in 'to' " + to.get() + " is at or below every version in 'from' "
                    + from.get() + ": the rule could only match downgrades, which are never upgrade paths", "correct the ranges");
        }
        if (id.isEmpty() || kindText.isEmpty() || from.isEmpty() || to.isEmpty() || (!refused && kind.isEmpty())) {
            return Optional.empty();
        }
        UpgradeRule rule = new UpgradeRule(id.get(), kind, refused ? because : Optional.empty(), from.get(), to.get(), scope,
                limitations, otherwise, migrationImage, tool, reset, minOperator, unconfirmed, mixCoordFirst, helmValues, minioImage,
                source, note);
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
        Optional<VersionRange> versions = t.required("versions", "write the release line, e.g. \"[2.3.0,2.6.0)\"").flatMap(CatalogRows::range);
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

    private void checkQueuesOnce(YamlMap top, List<QueueSupport> queues) {
        Set<MessageQueue> seen = EnumSet.noneOf(MessageQueue.class);
        for (QueueSupport q : queues) {
            if (!seen.add(q.queue())) {
                top.keyAt("messageQueues").report("message queue " + q.queue() + " is listed twice", "keep one entry per queue");
            }
        }
    }
}
