package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every known Milvus release, every Helm chart version, what the charts default to, where each message
 * queue runs, and the upgrade rules: the one table the planner reads. Built only by {@link CatalogLoader},
 * which validates it (and by {@link CatalogAdditions}, which adds a fleet's releases and charts and
 * validates again); immutable after that.
 */
public final class VersionCatalog {

    private static final String BUILT_IN = "milvus-catalog.yaml";
    private static volatile VersionCatalog builtIn;

    /** Everything the loader read; a catalog with additions is the same parts with more rows. */
    record Parts(String chartRepository, List<Release> releases, List<HelmChart> charts, List<UpgradeRule> rules,
                 List<Topology> topologies, Set<Version> preferredStops, List<ChartFact> chartFacts, List<QueueSupport> queues,
                 List<MinioRequirement> minio) {

        Parts {
            releases = List.copyOf(releases);
            charts = List.copyOf(charts);
            rules = List.copyOf(rules);
            topologies = List.copyOf(topologies);
            preferredStops = Set.copyOf(preferredStops);
            chartFacts = List.copyOf(chartFacts);
            queues = List.copyOf(queues);
            minio = List.copyOf(minio);
        }

        Parts with(List<Release> moreReleases, List<HelmChart> moreCharts) {
            List<Release> r = new ArrayList<>(releases);
            r.addAll(moreReleases);
            List<HelmChart> c = new ArrayList<>(charts);
            c.addAll(moreCharts);
            return new Parts(chartRepository, r, c, rules, topologies, preferredStops, chartFacts, queues, minio);
        }
    }

    private final Parts parts;
    private final CatalogIdentity identity;
    private final NavigableMap<Version, Release> releases;
    private final List<HelmChart> charts;

    VersionCatalog(Parts parts, CatalogIdentity identity) {
        this.parts = parts;
        this.identity = identity;
        this.releases = new TreeMap<>(parts.releases().stream().collect(Collectors.toMap(Release::version, r -> r)));
        this.charts = parts.charts().stream().sorted(Comparator.comparing(HelmChart::chart)).toList();
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

    Parts parts() {
        return parts;
    }

    /** Which catalog this is: the built-in table's digest, and the fleet's additions when there are any. */
    public CatalogIdentity identity() {
        return identity;
    }

    public String chartRepository() {
        return parts.chartRepository();
    }

    public Optional<Release> release(Version v) {
        return Optional.ofNullable(releases.get(v));
    }

    public List<Release> releases() {
        return List.copyOf(releases.values());
    }

    /** The newest GA release this catalog knows. */
    public Release newestGa() {
        return releases.descendingMap().values().stream().filter(Release::isGa).findFirst().orElseThrow();
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

    /** Every chart version, oldest first, published or not. */
    public List<HelmChart> charts() {
        return charts;
    }

    public Optional<HelmChart> chart(Version chartVersion) {
        return charts.stream().filter(c -> c.chart().equals(chartVersion)).findFirst();
    }

    /** Whether a fact holds for a chart version (its default, or the README's advice). */
    public boolean chartFact(ChartFact.Kind fact, Version chart) {
        return parts.chartFacts().stream().anyMatch(f -> f.fact() == fact && f.covers(chart));
    }

    public List<ChartFact> chartFacts() {
        return parts.chartFacts();
    }

    /** The source of a chart fact, for the notes of a plan. */
    public String chartFactSource(ChartFact.Kind fact) {
        return parts.chartFacts().stream().filter(f -> f.fact() == fact).map(ChartFact::source).findFirst().orElse("");
    }

    public List<UpgradeRule> rules() {
        return parts.rules();
    }

    /** The one rule for this step of a path (the loader guarantees there is at most one). */
    public Optional<UpgradeRule> ruleFor(Version from, Version to, DeployMethod method, DeployMode mode, MessageQueue mq) {
        return parts.rules().stream().filter(r -> r.applies(from, to, method, mode, mq)).findFirst();
    }

    /** Versions a path stops at when several would do: the ones the guides name. */
    public Set<Version> preferredStops() {
        return parts.preferredStops();
    }

    public List<Topology> topologies() {
        return parts.topologies();
    }

    public Optional<Topology> topology(Version v) {
        return parts.topologies().stream().filter(t -> t.versions().contains(v)).findFirst();
    }

    public List<QueueSupport> queues() {
        return parts.queues();
    }

    /**
     * The one check of a deployment's shape, used by {@code validate}, {@code path} and the planner: why
     * {@code mq} cannot run with Milvus {@code v} in {@code mode} (NATS before 2.3 or from 2.6, Woodpecker
     * before 2.6, RocksMQ or NATS in a cluster), with the documents' reason; empty when it can. Milvus 1.x
     * has no message queue: nothing to check.
     */
    public Optional<String> shapeProblem(Version v, DeployMode mode, MessageQueue mq) {
        if (v.major() < 2) return Optional.empty();
        return parts.queues().stream().filter(q -> q.queue() == mq).findFirst()
                .map(q -> q.problem(v, mode))
                .orElseGet(() -> Optional.of(mq + " is not a message queue this catalog knows for Milvus " + v));
    }

    public List<MinioRequirement> minioRequirements() {
        return parts.minio();
    }

    /** Which catalog: {@code built-in 3f2a9c1b7d04}, with the fleet's additions when there are any. */
    @Override
    public String toString() {
        return identity.toString();
    }

    /** Releases by line, newest last: "2.5 -> [2.5.0 .. 2.5.26]" for error messages. */
    public Map<String, List<Version>> releasesByLine() {
        return releases.keySet().stream().collect(Collectors.groupingBy(Version::line, TreeMap::new, Collectors.toList()));
    }
}
