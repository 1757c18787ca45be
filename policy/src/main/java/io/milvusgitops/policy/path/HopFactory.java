package io.milvusgitops.policy.path;

import io.milvusgitops.policy.catalog.ChartFact;
import io.milvusgitops.policy.catalog.HelmChart;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.Release;
import io.milvusgitops.policy.catalog.Topology;
import io.milvusgitops.policy.catalog.UpgradeRule;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.PulsarVersion;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.version.VersionRange;
import java.util.List;
import java.util.Optional;

/** Turns a hop found by the planner into its steps, with the recipe of the deployment method. */
final class HopFactory {

    /** For versions before the first topology (1.x): one standalone-or-cluster component set the recipes can name. */
    private static final Topology NONE = new Topology(VersionRange.parse("[0.0.0,)"), List.of(), List.of(), List.of(), "");

    private final VersionCatalog catalog;
    private final ChartChooser charts;
    private final HelmValues values;

    HopFactory(VersionCatalog catalog) {
        this.catalog = catalog;
        this.charts = new ChartChooser(catalog);
        this.values = new HelmValues(catalog);
    }

    ChartChooser charts() {
        return charts;
    }

    /** The chart that installs {@code v} for this deployment (never one the README tells it to avoid). */
    Optional<HelmChart> chartFor(Version v, MessageQueue mq, Layout layout) {
        boolean pulsarV2 = mq == MessageQueue.PULSAR && layout.pulsar().equals(Optional.of(PulsarVersion.V2));
        return charts.chartFor(v, pulsarV2);
    }

    /**
     * The Pulsar a Helm release runs when nobody observed it: the default of the chart that installs its
     * version (v3 from chart 4.2.27). The path says so in a note.
     */
    PulsarVersion assumedPulsar(Version from) {
        return charts.chartFor(from, false).filter(c -> catalog.chartFact(ChartFact.Kind.PULSAR_V3_DEFAULT, c.chart()))
                .map(c -> PulsarVersion.V3).orElse(PulsarVersion.V2);
    }

    /** How the coordinators run when nobody observed it: the default of the chart that installs the version (MixCoord from 4.2.4). */
    Coordinators assumedCoordinators(Version from) {
        return charts.chartFor(from, false).filter(c -> catalog.chartFact(ChartFact.Kind.MIXCOORD_DEFAULT, c.chart()))
                .map(c -> Coordinators.MIXCOORD).orElse(Coordinators.SEPARATE);
    }

    Hop hop(PathRequest req, Layout layout, HopKind kind, Release from, Release to, UpgradeRule rule, List<String> notes) {
        boolean helm = req.method() == DeployMethod.HELM;
        HopContext ctx = new HopContext(kind, from, to, req.mode(), req.messageQueue(), layout, rule, Optional.empty(), Optional.empty(),
                catalog.topology(from.version()).orElse(NONE), catalog.topology(to.version()).orElse(NONE));
        if (helm) {
            ctx = ctx.withCharts(choice(ctx, from, false), choice(ctx, to, true));
        }
        StepRecipe recipe = switch (req.method()) {
            case HELM -> new HelmSteps();
            case OPERATOR -> new OperatorSteps();
            case COMPOSE -> new ComposeSteps();
        };
        return new Hop(kind, from.version(), to.version(), kind.downtime(), ctx.toChart(), recipe.steps(ctx), recipe.rollback(ctx),
                rule.id(), rule.source(), rule.unconfirmed(), notes);
    }

    /**
     * The chart and values that put the release on {@code r}: {@code forward} to the hop's target with the
     * hop's own changes, or back to its source as it ran before the hop (the rollback).
     *
     * <p>Every chart change upgrades with {@code --reset-then-reuse-values} (Helm 3.14+, which the daemon embeds): the new
     * chart's defaults with the user's own values. {@code --reuse-values} keeps the OLD chart's defaults too, and a newer
     * chart's templates then read keys those lack: native Helm fails {@code 3.2.18 -> 4.0.x} with "nil pointer evaluating
     * .Values.rootCoordinator.activeStandby.enabled" (found by running real Helm against the emulator). The charts from
     * 4.2.21 on require it anyway (pulsar-v3, docs/catalog.md). What keeps the running layout is the pinned values.
     */
    private Optional<ChartChoice> choice(HopContext h, Release r, boolean forward) {
        return chartFor(r.version(), h.messageQueue(), h.layout()).map(c -> new ChartChoice(catalog.chartRepository(), c.chart(), true,
                forward ? values.forward(h, c.chart(), r.spelling()) : values.back(h, c.chart(), r.spelling())));
    }
}
