package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every known Milvus release, every Helm chart version and the upgrade rules: the one table the
 * planner reads. Built only by {@link CatalogLoader}, which validates it; immutable after that.
 */
public final class VersionCatalog {

    private static final String BUILT_IN = "milvus-catalog.yaml";
    private static volatile VersionCatalog builtIn;

    private final String chartRepository;
    private final NavigableMap<Version, Release> releases;
    private final List<HelmChart> charts;
    private final List<UpgradeRule> rules;
    private final List<Topology> topologies;
    private final Set<Version> preferredStops;

    VersionCatalog(String chartRepository, List<Release> releases, List<HelmChart> charts,
                   List<UpgradeRule> rules, List<Topology> topologies, Set<Version> preferredStops) {
        this.preferredStops = Set.copyOf(preferredStops);
        this.chartRepository = chartRepository;
        this.releases = new TreeMap<>(releases.stream().collect(Collectors.toMap(Release::version, r -> r)));
        this.charts = charts.stream().sorted(Comparator.comparing(HelmChart::chart)).toList();
        this.rules = List.copyOf(rules);
        this.topologies = List.copyOf(topologies);
    }

    /** The catalog shipped in this jar; loading it is validated like any other catalog. */
    public static VersionCatalog builtIn() {
        VersionCatalog c = builtIn;
        if (c == null) {
            synchronized (VersionCatalog.class) {
                c = builtIn;
                if (c == null) {
                    c = CatalogLoader.fromResource(VersionCatalog.class, BUILT_IN);
                    builtIn = c;
                }
            }
        }
        return c;
    }

    public String chartRepository() {
        return chartRepository;
    }

    public Optional<Release> release(Version v) {
        return Optional.ofNullable(releases.get(v));
    }

    public List<Release> releases() {
        return List.copyOf(releases.values());
    }

    /** GA releases strictly between two versions, in ascending order: the candidate stops of a path. */
    public List<Release> gaReleasesBetween(Version low, Version high) {
        if (!high.isAfter(low)) {
            return List.of();
        }
        return releases.subMap(low, false, high, false).values().stream().filter(Release::isGa).toList();
    }

    /** Up to {@code n} known releases nearest to {@code v}, to suggest instead of an unknown version. */
    public List<Version> nearest(Version v, int n) {
        return releases.keySet().stream()
                .sorted(Comparator.comparingLong(k -> distance(k, v)))
                .limit(n).sorted().toList();
    }

    private static long distance(Version a, Version b) {
        return Math.abs(ordinal(a) - ordinal(b));
    }

    private static long ordinal(Version v) {
        return v.major() * 1_000_000L + v.minor() * 1_000L + v.patch();
    }

    public List<HelmChart> charts() {
        return charts;
    }

    /** The newest chart whose default image is exactly {@code app}. */
    public Optional<HelmChart> newestChartShipping(Version app) {
        return charts.stream().filter(c -> c.app().equals(app)).max(Comparator.comparing(HelmChart::chart));
    }

    /**
     * For a release no chart ships by default: the newest chart of the same release line that ships
     * an older release; the hop then sets the image tag explicitly.
     */
    public Optional<HelmChart> newestChartOfLineBefore(Version app) {
        return charts.stream()
                .filter(c -> c.app().sameLine(app) && c.app().isBefore(app) && !c.app().isPreRelease())
                .max(Comparator.comparing(HelmChart::app).thenComparing(HelmChart::chart));
    }

    public List<UpgradeRule> rules() {
        return rules;
    }

    /** The one rule for this step of a path (the loader guarantees there is at most one). */
    public Optional<UpgradeRule> ruleFor(Version from, Version to, DeployMethod method, DeployMode mode, MessageQueue mq) {
        return rules.stream().filter(r -> r.applies(from, to, method, mode, mq)).findFirst();
    }

    /** Versions a path stops at when several would do: the ones the guides name. */
    public Set<Version> preferredStops() {
        return preferredStops;
    }

    public List<Topology> topologies() {
        return topologies;
    }

    public Optional<Topology> topology(Version v) {
        return topologies.stream().filter(t -> t.versions().contains(v)).findFirst();
    }

    /** Releases by line, newest last: "2.5 -> [2.5.0 .. 2.5.26]" for error messages. */
    public Map<String, List<Version>> releasesByLine() {
        return releases.keySet().stream().collect(Collectors.groupingBy(Version::line, TreeMap::new, Collectors.toList()));
    }
}
