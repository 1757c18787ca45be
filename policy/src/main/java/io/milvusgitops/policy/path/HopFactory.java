package io.milvusgitops.policy.path;

import io.milvusgitops.policy.catalog.HelmChart;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.Release;
import io.milvusgitops.policy.catalog.Topology;
import io.milvusgitops.policy.catalog.UpgradeRule;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.version.VersionRange;
import java.util.List;
import java.util.Optional;

/** Turns a hop found by the planner into its steps, with the recipe of the deployment method. */
final class HopFactory {

    /** For versions before the first topology (1.x): one standalone-or-cluster component set the recipes can name. */
    private static final Topology NONE = new Topology(VersionRange.parse("[0.0.0,)"), List.of(), List.of(), List.of(), "");

    private final VersionCatalog catalog;

    HopFactory(VersionCatalog catalog) {
        this.catalog = catalog;
    }

    /** The chart that installs {@code v}: the newest chart shipping it, else the newest of its line with the image tag set. */
    Optional<ChartChoice> chartFor(Version v) {
        Optional<HelmChart> exact = catalog.newestChartShipping(v);
        if (exact.isPresent()) {
            return exact.map(c -> choice(c, Optional.empty()));
        }
        return catalog.newestChartOfLineBefore(v).map(c -> choice(c, Optional.of("v" + catalog.release(v).map(Release::spelling).orElse(v.toString()))));
    }

    /**
     * Every chart change upgrades with {@code --reset-then-reuse-values} (Helm 3.14+, which the daemon embeds): the new
     * chart's defaults with the user's own values. {@code --reuse-values} keeps the OLD chart's defaults too, and a newer
     * chart's templates then read keys those lack: native Helm fails {@code 3.2.18 -> 4.0.x} with "nil pointer evaluating
     * .Values.rootCoordinator.activeStandby.enabled" (found by running real Helm against the emulator). The charts from
     * 4.2.21 on require it anyway (pulsar-v3, docs/catalog.md).
     */
    private ChartChoice choice(HelmChart c, Optional<String> imageTag) {
        return new ChartChoice(catalog.chartRepository(), c.chart(), true, imageTag);
    }

    Hop hop(PathRequest req, HopKind kind, Release from, Release to, UpgradeRule rule, List<String> notes) {
        boolean helm = req.method() == DeployMethod.HELM;
        Optional<ChartChoice> toChart = helm ? chartFor(to.version()).map(c -> forceResetIf(c, rule.resetThenReuseValues())) : Optional.empty();
        Optional<ChartChoice> fromChart = helm ? chartFor(from.version()).map(c -> forceResetIf(c, rule.resetThenReuseValues())) : Optional.empty();
        HopContext ctx = new HopContext(kind, from, to, req.mode(), rule, fromChart, toChart,
                catalog.topology(from.version()).orElse(NONE), catalog.topology(to.version()).orElse(NONE));
        StepRecipe recipe = switch (req.method()) {
            case HELM -> new HelmSteps();
            case OPERATOR -> new OperatorSteps();
            case COMPOSE -> new ComposeSteps();
        };
        return new Hop(kind, from.version(), to.version(), kind.downtime(), toChart, recipe.steps(ctx), recipe.rollback(ctx),
                rule.id(), rule.source(), rule.unconfirmed(), notes);
    }

    private static ChartChoice forceResetIf(ChartChoice c, boolean ruleWantsReset) {
        if (!ruleWantsReset || c.resetThenReuseValues()) {
            return c;
        }
        return new ChartChoice(c.chart(), c.chartVersion(), true, c.imageTag());
    }
}
