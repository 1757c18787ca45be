package io.milvusgitops.policy.path;

import io.milvusgitops.policy.catalog.ChartFact;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.Topology;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.PulsarVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes the hops of a found route, carrying what runs from hop to hop: the Pulsar generation and the
 * coordinators decide which values a Helm hop pins, and a hop whose rule wants MixCoord first gets an
 * enable-mixcoord hop before it. What nobody observed is assumed to be the default of the chart that
 * installs the live version, and the first hop says so in a note: the daemon observes it, {@code path}
 * takes {@code --pulsar} and {@code --coordinators}.
 */
final class PathLayout {

    private final VersionCatalog catalog;
    private final HopFactory hops;
    private final PathRequest req;
    /** An earlier hop of this path enabled MixCoord. */
    private boolean mixCoordEnabled;

    PathLayout(VersionCatalog catalog, HopFactory hops, PathRequest req) {
        this.catalog = catalog;
        this.hops = hops;
        this.req = req;
    }

    List<Hop> hops(List<UpgradePlanner.Edge> edges) {
        List<String> assumed = new ArrayList<>();
        Layout layout = resolve(assumed);
        List<Hop> out = new ArrayList<>();
        for (UpgradePlanner.Edge e : edges) {
            List<String> notes = new ArrayList<>(e.notes());
            if (out.isEmpty()) notes.addAll(0, assumed);
            if (e.rule().mixCoordFirst() && needsMixCoord()) {
                List<String> why = new ArrayList<>(out.isEmpty() ? assumed : List.of());
                why.add("the guide runs MixCoord before the " + e.to().version().line() + " image ('You must upgrade to v2.5.16 or later with"
                        + " mixCoordinator enabled'); " + (knownSeparate()
                                ? "this cluster runs the separate coordinators" : "this cluster was not seen to run MixCoord (harmless if it does)")
                        + "; downtime: the old coordinators stop as MixCoord starts");
                out.add(hops.hop(req, layout, HopKind.ENABLE_MIXCOORD, e.from(), e.from(), e.rule(), why));
                layout = layout.withCoordinators(Coordinators.MIXCOORD);
                mixCoordEnabled = true;
                notes.removeAll(assumed);
            }
            out.add(hops.hop(req, layout, e.kind(), e.from(), e.to(), e.rule(), notes));
        }
        return out;
    }

    /**
     * A Helm or Operator cluster not seen to run MixCoord (an assumed MixCoord does not count: enabling it
     * where it runs changes nothing, missing it breaks the 2.6 hop), and not switched by an earlier hop.
     */
    private boolean needsMixCoord() {
        return req.mode() == DeployMode.CLUSTER && req.method() != DeployMethod.COMPOSE && !mixCoordEnabled
                && !req.layout().coordinators().equals(Optional.of(Coordinators.MIXCOORD));
    }

    /** Seen running the separate coordinators, or on a line that runs nothing else (2.0 to 2.2). */
    private boolean knownSeparate() {
        return req.layout().coordinators().equals(Optional.of(Coordinators.SEPARATE))
                || catalog.topology(req.from()).map(t -> !t.optional().contains(Component.MIXCOORD) && t.cluster().contains(Component.ROOTCOORD))
                        .orElse(false);
    }

    /** The request's layout, completed with the chart defaults where the Helm values depend on what nobody observed. */
    private Layout resolve(List<String> assumed) {
        Layout layout = req.layout();
        if (req.method() != DeployMethod.HELM || req.from().major() < 2) return layout;
        boolean chartHasBoth = hops.chartFor(req.to(), req.messageQueue(), layout).map(c -> c.pulsarV3()).orElse(false);
        if (req.messageQueue() == MessageQueue.PULSAR && layout.pulsar().isEmpty() && chartHasBoth) {
            PulsarVersion p = hops.assumedPulsar(req.from());
            assumed.add("assumed Pulsar " + p + ": the default of the chart that installs " + req.from() + " (Pulsar v3 is the default from chart "
                    + since(ChartFact.Kind.PULSAR_V3_DEFAULT) + "); the daemon reads it from the release, path takes --pulsar");
            layout = layout.withPulsar(p);
        }
        Optional<Topology> line = catalog.topology(req.from());
        if (req.mode() == DeployMode.CLUSTER && layout.coordinators().isEmpty() && line.isPresent()) {
            if (line.get().optional().contains(Component.MIXCOORD)) {
                Coordinators c = hops.assumedCoordinators(req.from());
                assumed.add("assumed " + (c == Coordinators.MIXCOORD ? "MixCoord" : "the separate coordinators") + ": the default of the chart"
                        + " that installs " + req.from() + " (MixCoord is the default from chart " + since(ChartFact.Kind.MIXCOORD_DEFAULT)
                        + "); the daemon reads it from the release, path takes --coordinators");
                layout = layout.withCoordinators(c);
            } else {
                // A line without the choice runs what its topology says: 2.0 to 2.2 the separate coordinators, 2.6 on MixCoord.
                layout = layout.withCoordinators(line.get().cluster().contains(Component.MIXCOORD) ? Coordinators.MIXCOORD : Coordinators.SEPARATE);
            }
        }
        return layout;
    }

    private String since(ChartFact.Kind fact) {
        return catalog.chartFacts().stream().filter(f -> f.fact() == fact).findFirst().flatMap(f -> f.charts().lower())
                .map(Object::toString).orElse("?");
    }
}
