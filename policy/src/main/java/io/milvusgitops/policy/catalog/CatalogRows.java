package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.version.VersionRange;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the rows the built-in catalog and a fleet's additions share (releases, charts) and the small
 * values every section uses (versions, ranges, dates, scopes). Problems go to the values' own file.
 */
final class CatalogRows {

    static final List<String> RELEASE_FIELDS = List.of("version", "kind", "date", "evidence", "deprecated");
    static final List<String> CHART_FIELDS = List.of("chart", "app", "date", "pulsarV3", "published", "defaultImageTag", "appVerified",
            "evidence");

    private CatalogRows() {
    }

    static Optional<Release> release(YamlValue item, boolean evidenceRequired) {
        Optional<YamlMap> m = item.asMap();
        if (m.isEmpty()) return Optional.empty();
        YamlMap r = m.get();
        r.allowOnly(RELEASE_FIELDS);
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
        Optional<LocalDate> date = r.get("date").flatMap(CatalogRows::date);
        Optional<String> evidence = evidenceRequired
                ? r.required("evidence", "say where the release was seen: the release notes' heading (file and commit), a chart")
                        .flatMap(v -> v.asName("write where the release was seen"))
                : r.get("evidence").flatMap(v -> v.asString("write where the release was seen"));
        Optional<Release.Deprecation> deprecated = r.get("deprecated").flatMap(CatalogRows::deprecation);
        if (version.isEmpty() || kind.isEmpty()) return Optional.empty();
        if (kind.get() == Release.Kind.GA && !version.get().suffix().isEmpty()) {
            r.self().report("release " + spelling.get() + " has a suffix but kind ga", "write kind: prerelease or hotfix");
        }
        if (kind.get() != Release.Kind.GA && version.get().suffix().isEmpty()) {
            r.self().report("release " + spelling.get() + " has no suffix but kind " + kind.get().name().toLowerCase(Locale.ROOT),
                    "write kind: ga, or the suffix Milvus gave it (2.4.0-rc.1, 2.4.13-hotfix)");
        }
        return Optional.of(new Release(version.get(), kind.get(), spelling.get().replaceFirst("^[vV]", ""), date, evidence.orElse(""),
                deprecated));
    }

    private static Optional<Release.Deprecation> deprecation(YamlValue v) {
        return v.asMap().flatMap(d -> {
            d.allowOnly(List.of("reason", "source", "inferred"));
            Optional<String> reason = d.required("reason", "say why the release is not to be run").flatMap(x -> x.asName("write a sentence"));
            Optional<String> source = d.required("source", "name where that is said (release notes, file and commit)")
                    .flatMap(x -> x.asName("write the source"));
            boolean inferred = d.get("inferred").flatMap(YamlValue::asBoolean).orElse(false);
            return reason.isPresent() && source.isPresent() ? Optional.of(new Release.Deprecation(reason.get(), source.get(), inferred))
                    : Optional.empty();
        });
    }

    /** A chart row; its app version must be a known release ({@code known}). */
    static Optional<HelmChart> chart(YamlValue item, Map<Version, Release> known) {
        Optional<YamlMap> m = item.asMap();
        if (m.isEmpty()) return Optional.empty();
        YamlMap c = m.get();
        c.allowOnly(CHART_FIELDS);
        Optional<Version> chart = c.required("chart", "write the chart version").flatMap(CatalogRows::version);
        Optional<Version> app = c.required("app", "write the Milvus version the chart ships").flatMap(CatalogRows::version);
        app.filter(a -> !known.containsKey(a)).ifPresent(a -> c.get("app").orElseThrow().report(
                "chart ships Milvus " + a + ", which is not under releases", "add the release " + a + " to releases first"));
        Optional<LocalDate> date = c.required("date", "write the chart's date, YYYY-MM-DD").flatMap(CatalogRows::date);
        boolean pulsarV3 = c.required("pulsarV3", "write pulsarV3: true or false").flatMap(YamlValue::asBoolean).orElse(false);
        boolean published = c.get("published").flatMap(YamlValue::asBoolean).orElse(true);
        boolean appVerified = c.get("appVerified").flatMap(YamlValue::asBoolean).orElse(true);
        Optional<String> defaultImage = c.get("defaultImageTag").flatMap(v -> v.asName("write the image tag values.yaml sets, e.g. v2.2.5"));
        String evidence = c.get("evidence").flatMap(v -> v.asString("write where the chart was seen")).orElse("");
        if (!appVerified && evidence.isEmpty()) {
            c.self().report("a chart whose app version is not verified must say where it was seen", "add evidence: <the guide or PR>");
        }
        if (chart.isEmpty() || app.isEmpty() || date.isEmpty()) return Optional.empty();
        return Optional.of(new HelmChart(chart.get(), app.get(), date.get(), pulsarV3, published, defaultImage, appVerified, evidence));
    }

    static Optional<LocalDate> date(YamlValue v) {
        return v.asString("YYYY-MM-DD").flatMap(s -> {
            try {
                return Optional.of(LocalDate.parse(s));
            } catch (DateTimeParseException e) {
                v.report("'" + s + "' is not a date", "write YYYY-MM-DD");
                return Optional.empty();
            }
        });
    }

    static Optional<VersionRange> range(YamlValue v) {
        return v.asString("write an interval such as [2.2.3,2.6.0)").flatMap(s -> {
            try {
                return Optional.of(VersionRange.parse(s));
            } catch (IllegalArgumentException e) {
                v.report(e.getMessage(), "write an interval such as [2.2.3,2.6.0)");
                return Optional.empty();
            }
        });
    }

    static Optional<Version> version(YamlValue v) {
        return v.asString("write a version such as 2.5.16").flatMap(s -> version(v, s));
    }

    static Optional<Version> version(YamlValue v, String text) {
        Optional<Version> parsed = Version.tryParse(text);
        if (parsed.isEmpty()) {
            v.report("'" + text + "' is not a version", Version.fix(text));
        }
        return parsed;
    }

    static Scope scope(YamlMap m) {
        return new Scope(
                enumSet(m.get("methods"), DeployMethod.class),
                enumSet(m.get("modes"), DeployMode.class),
                enumSet(m.get("messageQueues"), MessageQueue.class));
    }

    static <E extends Enum<E> & Named> Set<E> enumSet(Optional<YamlValue> value, Class<E> type) {
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
}
