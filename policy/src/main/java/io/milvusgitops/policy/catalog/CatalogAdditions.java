package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.yaml.Problems;
import io.milvusgitops.policy.yaml.YamlHeader;
import io.milvusgitops.policy.yaml.YamlLimits;
import io.milvusgitops.policy.yaml.YamlLoader;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet's own catalog rows: Milvus releases and chart versions newer than this build (format:
 * docs/fleet-format.md, "Catalog additions"). Only rows, never rules: how a release is upgraded is the
 * built-in rules' job, so a release they cannot place (a new release line, a version no rule reaches) is an
 * error that names the row and the fix, never a hop the planner would have to guess.
 */
public final class CatalogAdditions {

    public static final String KIND = "CatalogAdditions";

    private final String file;
    private final VersionCatalog base;
    private final Problems problems;

    private CatalogAdditions(String file, VersionCatalog base, Problems problems) {
        this.file = file;
        this.base = base;
        this.problems = problems;
    }

    /**
     * The base catalog with the file's rows, or empty when the file has a problem (every one is reported to
     * {@code problems}, with {@code file}, line, field and fix).
     */
    public static Optional<VersionCatalog> apply(String file, String text, VersionCatalog base, Problems problems) {
        return new CatalogAdditions(file, base, problems).read(text);
    }

    private Optional<VersionCatalog> read(String text) {
        int before = problems.size();
        Optional<YamlMap> root = YamlLoader.load(file, text, YamlLimits.USER_FILE, problems).flatMap(n -> YamlMap.root(file, n, problems));
        if (root.isEmpty()) return Optional.empty();
        YamlMap top = root.get();
        top.allowOnly(List.of("apiVersion", "kind", "releases", "charts"));
        YamlHeader.check(top, KIND);
        List<Release> releases = new ArrayList<>();
        Map<Release, YamlValue> at = new HashMap<>();
        top.get("releases").flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> CatalogRows.release(i, true).ifPresent(r -> {
            releases.add(r);
            at.put(r, i);
        })));
        Map<Version, Release> known = new HashMap<>();
        base.releases().forEach(r -> known.put(r.version(), r));
        for (Release r : releases) {
            Release there = known.putIfAbsent(r.version(), r);
            if (there != null) {
                at.get(r).report("release " + r.spelling() + " is already in the catalog (as " + there.spelling() + ")",
                        "remove it from " + file + (base.release(r.version()).isPresent() ? ": this build knows it" : ""));
            } else {
                place(r, at.get(r));
            }
        }
        List<HelmChart> charts = new ArrayList<>();
        top.get("charts").flatMap(YamlValue::asList).ifPresent(items -> items.forEach(i -> CatalogRows.chart(i, known).ifPresent(c -> {
            boolean duplicate = base.chart(c.chart()).isPresent() || charts.stream().anyMatch(o -> o.chart().equals(c.chart()));
            if (duplicate) {
                i.report("chart " + c.chart() + " is already in the catalog", "remove it from " + file);
            } else {
                charts.add(c);
            }
        })));
        if (problems.size() > before) return Optional.empty();
        return Optional.of(new VersionCatalog(base.parts().with(releases, charts), base.identity().plus(file, text)));
    }

    /**
     * A 2.x release must fall in a release line the catalog has a topology for, and some rule must decide
     * an upgrade to it; otherwise the planner would have to invent the hop.
     */
    private void place(Release r, YamlValue at) {
        Version v = r.version();
        if (v.major() < 2) {
            at.report("release " + r.spelling() + " is older than Milvus 2: the catalog adds no 1.x releases", "remove it");
            return;
        }
        if (base.topology(v).isEmpty()) {
            at.report("no release line of this catalog holds " + r.spelling() + " (its components and upgrade rules are not known)",
                    "remove it, or run a milvus-gitops that knows the " + v.line() + " line (newest known: " + base.newestGa().version() + ")");
            return;
        }
        boolean reached = base.rules().stream().anyMatch(rule -> rule.to().contains(v));
        if (!reached) {
            at.report("no upgrade rule of this catalog reaches " + r.spelling(),
                    "remove it, or run a milvus-gitops whose catalog has the rule (newest known: " + base.newestGa().version() + ")");
        }
    }
}
