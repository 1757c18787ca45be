package io.milvusgitops.policy.path;

import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.Limitation;
import io.milvusgitops.policy.catalog.MinioRequirement;
import io.milvusgitops.policy.catalog.Release;
import io.milvusgitops.policy.catalog.UpgradeRule;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the upgrade path between two Milvus versions for one deployment.
 *
 * <p>The algorithm:
 * <ol>
 *   <li>Refuse what is not an upgrade: an unknown version, a downgrade, a mode change (Milvus has no
 *       in-place path between standalone and cluster, and MilvusDM cannot do 2.0 standalone to cluster), a
 *       deployment whose shape cannot run (a message queue at a version or in a mode it does not run in: the
 *       catalog's one shape check, which {@code validate} uses too), {@code --no-downtime} with Docker Compose
 *       (no guide upgrades a Compose deployment without stopping it).</li>
 *   <li>The candidate stops are the live version, every GA release strictly between that the release notes do
 *       not deprecate, and the desired version; for Helm only releases that a published chart ships, so every
 *       stop is a chart Helm can return to.</li>
 *   <li>An edge joins two stops when exactly one catalog rule allows the hop (the catalog proves that no
 *       two rules overlap). A rule's limitation ("not with RocksMQ") turns the hop into its
 *       {@code otherwise} kind, or removes the edge when the request demands no downtime. A pre-release is an
 *       end of a hop only where a rule names it exactly (RC7 -> RC8); a MinIO the guide moves first by hand
 *       must already run.</li>
 *   <li>Versions only go up, so the stops form a DAG in version order, and one pass of dynamic
 *       programming finds the cheapest path: fewest disruptive hops, then fewest hops, then stops that
 *       the catalog prefers (2.1.4 before a meta migration, 2.5.16 before 2.6), then the lowest stops.</li>
 *   <li>A hop whose rule wants MixCoord first gets an enable-mixcoord hop before it (Helm and Operator
 *       clusters), unless the cluster is seen to run MixCoord already ({@link PathLayout}).</li>
 *   <li>No path: the refusal collects what stood in the way (refused rules, limitations) so the person
 *       reading it knows what to change.</li>
 * </ol>
 * Pure: no I/O, no clock; the same request always gives the same path.
 */
public final class UpgradePlanner {

    private final VersionCatalog catalog;
    private final HopFactory hops;

    public UpgradePlanner(VersionCatalog catalog) {
        this.catalog = catalog;
        this.hops = new HopFactory(catalog);
    }

    public PathResult plan(PathRequest req) {
        Optional<Release> from = catalog.release(req.from());
        Optional<Release> to = catalog.release(req.to());
        if (from.isEmpty()) {
            return refused(new Refusal.UnknownVersion("from", req.from().toString(), catalog.nearest(req.from(), 4)));
        }
        if (to.isEmpty()) {
            return refused(new Refusal.UnknownVersion("to", req.to().toString(), catalog.nearest(req.to(), 4)));
        }
        if (req.to().isBefore(req.from())) {
            return refused(new Refusal.Downgrade(req.from(), req.to()));
        }
        Optional<Refusal> modeChange = modeChange(req);
        if (modeChange.isPresent()) {
            return refused(modeChange.get());
        }
        Optional<Refusal> shape = shape(req);
        if (shape.isPresent()) {
            return refused(shape.get());
        }
        if (req.to().equals(req.from())) {
            return found(req, List.of());
        }
        if (req.method() == DeployMethod.COMPOSE && req.strategy() == PathRequest.Strategy.NO_DOWNTIME) {
            return refused(new Refusal.Unsupported("an upgrade of a Docker Compose deployment without downtime",
                    "no guide upgrades Milvus on Docker Compose one component at a time: every one changes the image tags, then runs"
                            + " docker compose down and docker compose up -d, which stops the service; allow the downtime (drop --no-downtime),"
                            + " or move the deployment to Helm or the Operator",
                    "milvus-io/web-content:v2.2.x..v2.6.x/site/en/adminGuide/upgrade_milvus_{standalone,cluster}-docker.md"));
        }
        if (req.method() == DeployMethod.HELM && hops.chartFor(req.to(), req.messageQueue(), req.layout()).isEmpty()) {
            Optional<UpgradeRule> refusing = catalog.ruleFor(req.from(), req.to(), req.method(), req.mode(), req.messageQueue())
                    .filter(UpgradeRule::refuses);
            if (refusing.isPresent()) {
                // The documents' reason says more than "no chart" (2.6 -> 3.0 is refused for what it would do, not for its chart).
                return refused(noPath(req, Set.of(refusing.get().refusal().orElseThrow() + " [" + refusing.get().source() + "]")));
            }
            return refused(new Refusal.Unsupported("no Helm chart for " + req.to(),
                    "no published version of " + catalog.chartRepository() + " ships the " + req.to().line()
                            + " line; choose a release a chart ships (bin/milvus-gitops catalog lists them) or another method",
                    "the chart repository's index.yaml"));
        }
        return search(req, from.get(), to.get());
    }

    private Optional<Refusal> shape(PathRequest req) {
        Optional<String> at = catalog.shapeProblem(req.to(), req.mode(), req.messageQueue())
                .or(() -> catalog.shapeProblem(req.from(), req.liveMode().orElse(req.mode()), req.messageQueue()));
        return at.map(why -> new Refusal.Unsupported(req.deployment() + " from " + req.from() + " to " + req.to(), why, ""));
    }

    private PathResult search(PathRequest req, Release from, Release to) {
        List<Release> stops = new ArrayList<>();
        stops.add(from);
        for (Release r : catalog.gaReleasesBetween(from.version(), to.version())) {
            if (r.isStop() && (req.method() != DeployMethod.HELM || hops.charts().shipped(r.version()))) {
                stops.add(r);
            }
        }
        stops.add(to);

        int n = stops.size();
        Route[] best = new Route[n];
        best[0] = Route.START;
        Set<String> obstacles = new LinkedHashSet<>();
        for (int i = 0; i < n - 1; i++) {
            if (best[i] == null) continue;
            for (int j = i + 1; j < n; j++) {
                Optional<Edge> edge = edge(req, stops.get(i), stops.get(j), obstacles);
                if (edge.isEmpty()) continue;
                Route candidate = best[i].then(edge.get(), stops.get(j).version(), j == n - 1, catalog);
                if (best[j] == null || candidate.betterThan(best[j])) {
                    best[j] = candidate;
                }
            }
        }
        Route route = best[n - 1];
        if (route == null) {
            return refused(noPath(req, obstacles));
        }
        List<Edge> edges = new ArrayList<>(route.edges());
        to.deprecated().ifPresent(d -> edges.set(edges.size() - 1, edges.getLast().noted(d.describe(to.version())
                + "; the planner goes there because Git asks for it: ask for a later release")));
        return found(req, new PathLayout(catalog, hops, req).hops(edges));
    }

    /** The hop between two stops, if the catalog allows one; otherwise what stood in the way goes to {@code obstacles}. */
    private Optional<Edge> edge(PathRequest req, Release a, Release b, Set<String> obstacles) {
        Optional<UpgradeRule> found = catalog.ruleFor(a.version(), b.version(), req.method(), req.mode(), req.messageQueue());
        if (found.isEmpty()) {
            preRelease(a, b, Optional.empty()).ifPresent(obstacles::add);
            return Optional.empty();
        }
        UpgradeRule rule = found.get();
        if (rule.refuses()) {
            obstacles.add(rule.refusal().orElseThrow() + " [" + rule.source() + "]");
            return Optional.empty();
        }
        Optional<String> pre = preRelease(a, b, Optional.of(rule));
        if (pre.isPresent()) {
            obstacles.add(pre.get());
            return Optional.empty();
        }
        // A data migration installs a new deployment with its own MinIO: nothing to move first.
        for (MinioRequirement m : rule.kind().filter(k -> k != HopKind.DATA_MIGRATION).isPresent() ? catalog.minioRequirements()
                : List.<MinioRequirement>of()) {
            if (m.crossedBy(a.version(), b.version()) && m.scope().covers(req.method(), req.mode(), req.messageQueue())
                    && !m.metBy(req.layout().minio())) {
                obstacles.add(m.because() + " (MinIO seen: " + req.layout().minio().map(Object::toString).orElse("not observed") + ") ["
                        + m.source() + "]");
                return Optional.empty();
            }
        }
        HopKind kind = rule.kind().orElseThrow();
        List<String> notes = new ArrayList<>();
        Optional<Limitation> limit = rule.limitationFor(req.method(), req.mode(), req.messageQueue());
        if (limit.isPresent()) {
            HopKind instead = rule.otherwise().orElseThrow();
            notes.add(kind + " is not possible: " + limit.get().because() + "; " + instead + " instead");
            if (req.strategy() == PathRequest.Strategy.NO_DOWNTIME && instead.downtime()) {
                obstacles.add(kind + " upgrade is not possible for " + req.deployment() + ": " + limit.get().because()
                        + " [" + rule.source() + "]");
            }
            kind = instead;
        }
        if (req.strategy() == PathRequest.Strategy.NO_DOWNTIME && kind.downtime()) {
            if (limit.isEmpty()) {
                obstacles.add(a.version() + " -> " + b.version() + " is a " + kind + " hop, which needs downtime [" + rule.source() + "]");
            }
            return Optional.empty();
        }
        if (rule.unconfirmed()) {
            notes.add(rule.source().startsWith("unconfirmed") ? rule.source() : "unconfirmed: " + rule.source());
        }
        return Optional.of(new Edge(kind, a, b, rule, notes));
    }

    /**
     * A pre-release is an end of a hop only where a rule names it exactly ({@code [2.0.0-RC7]}): no guide
     * upgrades from or to a release candidate otherwise (the 2.6 guides: "Direct upgrades from release
     * candidates are not supported"). Why not, when it is not.
     */
    private static Optional<String> preRelease(Release a, Release b, Optional<UpgradeRule> rule) {
        for (Release r : List.of(a, b)) {
            if (!r.version().isPreRelease()) continue;
            boolean named = rule.map(u -> exactly(u, r.version())).orElse(false);
            if (!named) {
                return Optional.of("no guide documents an upgrade " + (r == a ? "from" : "to") + " the pre-release " + r.spelling()
                        + ": pre-releases are for fresh installs (install a release, or move the data with a backup tool)");
            }
        }
        return Optional.empty();
    }

    private static boolean exactly(UpgradeRule rule, Version v) {
        return (rule.from().lower().equals(Optional.of(v)) && rule.from().upper().equals(Optional.of(v)))
                || (rule.to().lower().equals(Optional.of(v)) && rule.to().upper().equals(Optional.of(v)));
    }

    private Optional<Refusal> modeChange(PathRequest req) {
        if (req.liveMode().isEmpty() || req.from().major() < 2) {
            return Optional.empty(); // from 1.x a new 2.x deployment is installed anyway, in the desired mode
        }
        return Optional.of(new Refusal.Unsupported(
                "changing " + req.liveMode().get() + " to " + req.mode() + " at " + req.from(),
                "a mode change is not an upgrade: Milvus has no in-place path, and MilvusDM cannot migrate 2.0 standalone to"
                        + " 2.0 cluster; install a new " + req.mode() + " deployment and move the data with a backup tool, or keep the mode",
                "milvus-io/web-content:v2.6.x/site/en/adminGuide/m2m_legacy.md@87726919a47f"));
    }

    private Refusal noPath(PathRequest req, Set<String> obstacles) {
        return new Refusal.NoPath(req.from(), req.to(), req.deployment(), List.copyOf(obstacles));
    }

    private static PathResult refused(Refusal r) {
        return new PathResult.Refused(r);
    }

    private static PathResult found(PathRequest req, List<Hop> hops) {
        return new PathResult.Found(new UpgradePath(req.from(), req.to(), req.method(), req.mode(), req.messageQueue(), hops));
    }

    /** A possible hop found in the search, before its steps are made. */
    record Edge(HopKind kind, Release from, Release to, UpgradeRule rule, List<String> notes) {

        Edge noted(String note) {
            List<String> more = new ArrayList<>(notes);
            more.add(note);
            return new Edge(kind, from, to, rule, more);
        }
    }

    /** The cheapest way found so far to a stop. Lower is better, compared in the order of the fields. */
    record Route(int disruptive, int hops, int unpreferredStops, List<Version> stops, List<Edge> edges) {

        static final Route START = new Route(0, 0, 0, List.of(), List.of());

        Route then(Edge e, Version stop, boolean isTarget, VersionCatalog catalog) {
            List<Version> s = new ArrayList<>(stops);
            List<Edge> es = new ArrayList<>(edges);
            es.add(e);
            int unpreferred = unpreferredStops;
            if (!isTarget) {
                s.add(stop);
                if (!catalog.preferredStops().contains(stop)) unpreferred++;
            }
            return new Route(disruptive + (e.kind().disruptive() ? 1 : 0), hops + 1, unpreferred, s, es);
        }

        boolean betterThan(Route o) {
            if (disruptive != o.disruptive) return disruptive < o.disruptive;
            if (hops != o.hops) return hops < o.hops;
            if (unpreferredStops != o.unpreferredStops) return unpreferredStops < o.unpreferredStops;
            for (int k = 0; k < Math.min(stops.size(), o.stops.size()); k++) {
                int c = stops.get(k).compareTo(o.stops.get(k));
                if (c != 0) return c < 0;
            }
            return false;
        }
    }
}
