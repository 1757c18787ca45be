package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.version.Version;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Regenerates the catalog's {@code releases:} and {@code charts:} tables from their sources, so that a
 * refresh is a reviewed data change, not hand editing (docs/catalog.md, "Refreshing the tables"):
 * <ul>
 *   <li>the chart repository's {@code index.yaml} (every published chart version, its appVersion, its date,
 *       and whether it depends on pulsar-v3);</li>
 *   <li>a release list (TSV: version, kind, date, evidence, and for a deprecated release its reason, source
 *       and whether that is inferred): the releases of the official release notes;</li>
 *   <li>chart extras (TSV: chart, app, date, pulsarV3, defaultImageTag, appVerified, evidence): rows the index
 *       does not have (a chart the guides name that is newer than the index read) and the default images that
 *       differ from a chart's appVersion (read from its values.yaml).</li>
 * </ul>
 * A chart's appVersion that is not in the release list becomes a release of its own, with the charts as its
 * evidence ("seen only as a chart's app version"). Pure: text in, text out.
 */
public final class CatalogTables {

    public static final String BEGIN = "# BEGIN GENERATED TABLES";
    public static final String END = "# END GENERATED TABLES";
    private static final Pattern BLOCK = Pattern.compile("(?s)" + Pattern.quote(BEGIN) + ".*?" + Pattern.quote(END));

    /** What went wrong with an input, in a sentence that names the input and the row. */
    public static final class Bad extends Exception {
        public Bad(String message) {
            super(message);
        }
    }

    private record ChartRow(Version chart, Version app, String appSpelling, String date, boolean pulsarV3, Optional<String> defaultImage,
                            boolean appVerified, String evidence) {
    }

    private record ReleaseRow(String spelling, Version version, String kind, String date, String evidence, String deprecated,
                              String deprecatedSource, boolean inferred) {
    }

    private CatalogTables() {
    }

    /** The generated block (between {@link #BEGIN} and {@link #END}) for these sources. */
    public static String render(String indexYaml, String releaseList, String chartExtras) throws Bad {
        Map<Version, ChartRow> charts = new TreeMap<>();
        for (ChartRow c : indexCharts(indexYaml)) charts.put(c.chart(), c);
        for (ChartRow c : extras(chartExtras)) {
            ChartRow indexed = charts.get(c.chart());
            charts.put(c.chart(), indexed == null ? c : new ChartRow(c.chart(), indexed.app(), indexed.appSpelling(), indexed.date(),
                    indexed.pulsarV3(), c.defaultImage(), indexed.appVerified(), c.evidence()));
        }
        Map<Version, ReleaseRow> releases = new TreeMap<>();
        for (ReleaseRow r : releases(releaseList)) {
            if (releases.put(r.version(), r) != null) throw new Bad("release list: " + r.spelling() + " is listed twice");
        }
        Map<Version, List<Version>> shippedBy = new TreeMap<>();
        for (ChartRow c : charts.values()) {
            if (c.appVerified()) shippedBy.computeIfAbsent(c.app(), a -> new ArrayList<>()).add(c.chart());
            releases.computeIfAbsent(c.app(), a -> new ReleaseRow(c.appSpelling(), a, kindOf(a), "", "seen only as a chart's app version", "", "",
                    false));
        }
        StringBuilder out = new StringBuilder(BEGIN).append(" (bin/milvus-gitops catalog refresh; do not edit by hand)\n");
        out.append("releases:\n");
        for (ReleaseRow r : releases.values()) {
            List<Version> by = shippedBy.getOrDefault(r.version(), List.of());
            String evidence = r.evidence() + (by.isEmpty() ? "" : "; helm-chart " + by.getFirst() + (by.size() > 1 ? ".." + by.getLast() : ""));
            out.append("  - {version: ").append(r.spelling()).append(", kind: ").append(r.kind());
            if (!r.date().isEmpty()) out.append(", date: ").append(r.date());
            out.append(", evidence: ").append(quote(evidence));
            if (!r.deprecated().isEmpty()) {
                out.append(",\n     deprecated: {reason: ").append(quote(r.deprecated())).append(", source: ").append(quote(r.deprecatedSource()));
                if (r.inferred()) out.append(", inferred: true");
                out.append('}');
            }
            out.append("}\n");
        }
        out.append("charts:\n");
        for (ChartRow c : charts.values()) {
            out.append("  - {chart: ").append(c.chart()).append(", app: ").append(c.appSpelling()).append(", date: ").append(c.date())
                    .append(", pulsarV3: ").append(c.pulsarV3());
            c.defaultImage().ifPresent(t -> out.append(", defaultImageTag: ").append(t));
            if (!c.appVerified()) out.append(", appVerified: false");
            if (!c.evidence().isEmpty()) out.append(", evidence: ").append(quote(c.evidence()));
            out.append("}\n");
        }
        return out.append(END).append('\n').toString();
    }

    /** The catalog text with its generated block replaced by {@code block}. */
    public static String replace(String catalogText, String block) throws Bad {
        Matcher m = BLOCK.matcher(catalogText);
        if (!m.find()) throw new Bad("the catalog has no '" + BEGIN + "' ... '" + END + "' block to replace");
        return catalogText.substring(0, m.start()) + block.stripTrailing() + catalogText.substring(m.end());
    }

    private static List<ChartRow> indexCharts(String indexYaml) throws Bad {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setCodePointLimit(64 << 20).build()).loadFromString(indexYaml);
        } catch (RuntimeException e) {
            throw new Bad("index.yaml is not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(doc instanceof Map<?, ?> root) || !(root.get("entries") instanceof Map<?, ?> entries)
                || !(entries.get("milvus") instanceof List<?> milvus)) {
            throw new Bad("index.yaml has no entries.milvus list: is it the index of the Milvus chart repository?");
        }
        List<ChartRow> out = new ArrayList<>();
        for (Object o : milvus) {
            if (!(o instanceof Map<?, ?> e)) continue;
            String version = String.valueOf(e.get("version"));
            Version chart = parse(version, "index.yaml: chart version");
            String appText = String.valueOf(e.get("appVersion")).replaceFirst("^[vV]", "");
            Version app = parse(appText, "index.yaml: appVersion of chart " + version);
            String created = String.valueOf(e.get("created"));
            if (created.length() < 10) throw new Bad("index.yaml: chart " + version + " has no created date");
            boolean v3 = e.get("dependencies") instanceof List<?> deps
                    && deps.stream().anyMatch(d -> d instanceof Map<?, ?> dm && "pulsarv3".equals(dm.get("alias")));
            out.add(new ChartRow(chart, app, appText, created.substring(0, 10), v3, Optional.empty(), true, ""));
        }
        return out;
    }

    private static List<ReleaseRow> releases(String tsv) throws Bad {
        List<ReleaseRow> out = new ArrayList<>();
        int line = 0;
        for (String l : tsv.split("\n", -1)) {
            line++;
            if (l.isBlank() || l.startsWith("#")) continue;
            String[] f = l.split("\t", -1);
            if (f.length < 4) throw new Bad("release list line " + line + ": expected version, kind, date, evidence[, deprecated, source, inferred]");
            Version v = parse(f[0].strip(), "release list line " + line + ": version");
            String kind = f[1].strip();
            if (!List.of("ga", "prerelease", "hotfix").contains(kind)) {
                throw new Bad("release list line " + line + ": kind '" + kind + "' is not ga, prerelease or hotfix");
            }
            String date = f[2].strip();
            if (!date.isEmpty()) {
                try {
                    LocalDate.parse(date);
                } catch (RuntimeException e) {
                    throw new Bad("release list line " + line + ": '" + date + "' is not a date (YYYY-MM-DD)");
                }
            }
            String deprecated = f.length > 4 ? f[4].strip() : "";
            String source = f.length > 5 ? f[5].strip() : "";
            if (!deprecated.isEmpty() && source.isEmpty()) throw new Bad("release list line " + line + ": a deprecated release needs its source");
            out.add(new ReleaseRow(f[0].strip().replaceFirst("^[vV]", ""), v, kind, date, f[3].strip(), deprecated, source,
                    f.length > 6 && f[6].strip().equals("yes")));
        }
        return out;
    }

    private static List<ChartRow> extras(String tsv) throws Bad {
        List<ChartRow> out = new ArrayList<>();
        int line = 0;
        for (String l : tsv.split("\n", -1)) {
            line++;
            if (l.isBlank() || l.startsWith("#")) continue;
            String[] f = l.split("\t", -1);
            if (f.length != 7) throw new Bad("chart extras line " + line + ": expected chart, app, date, pulsarV3, defaultImageTag, appVerified, evidence");
            if (f[6].isBlank()) throw new Bad("chart extras line " + line + ": say where the row comes from (evidence)");
            out.add(new ChartRow(parse(f[0].strip(), "chart extras line " + line + ": chart"), parse(f[1].strip(), "chart extras line " + line + ": app"),
                    f[1].strip(), f[2].strip(), f[3].strip().equals("true"), f[4].isBlank() ? Optional.empty() : Optional.of(f[4].strip()),
                    !f[5].strip().equals("false"), f[6].strip()));
        }
        return out;
    }

    private static String kindOf(Version v) {
        return v.suffix().isEmpty() ? "ga" : v.isHotfix() ? "hotfix" : "prerelease";
    }

    private static Version parse(String text, String what) throws Bad {
        Optional<Version> v = Version.tryParse(text);
        if (v.isEmpty()) throw new Bad(what + ": '" + text + "' is not a version (" + Version.fix(text) + ")");
        return v.get();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** For tests and the command: the rows of a rendered block, counted. */
    public static Map<String, Integer> count(String block) {
        Map<String, Integer> n = new LinkedHashMap<>();
        n.put("releases", (int) block.lines().filter(l -> l.startsWith("  - {version:")).count());
        n.put("charts", (int) block.lines().filter(l -> l.startsWith("  - {chart:")).count());
        return n;
    }
}
