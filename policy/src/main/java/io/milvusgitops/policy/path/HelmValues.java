package io.milvusgitops.policy.path;

import io.milvusgitops.policy.catalog.ChartFact;
import io.milvusgitops.policy.catalog.HelmValueRule;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.Topology;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.path.HelmValue.Purpose;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.PulsarVersion;
import io.milvusgitops.policy.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The values a Helm hop sets, so that {@code helm upgrade --reset-then-reuse-values} changes what the hop
 * means to change and nothing else ("no hidden cut-over"): with that flag the new chart's defaults apply to
 * every value the user never set, and a default that differs from what runs (MixCoord from chart 4.2.4,
 * Pulsar v3 from 4.2.27, Woodpecker for standalone from 5.0.0) would switch the release as a side effect.
 * <ul>
 *   <li>{@code image.all.tag}: always, the hop's release;</li>
 *   <li>the guide's values for the hop (2.6: {@code streaming.enabled}, {@code indexNode.enabled});</li>
 *   <li>enable-mixcoord: the guide's MixCoord values, the hop's whole point;</li>
 *   <li>what runs, where the chart's default differs: the coordinators, the Pulsar generation (the chart
 *       README asks Pulsar v2 users to set it on every upgrade), a standalone's message queue.</li>
 * </ul>
 */
final class HelmValues {

    private static final Version FIRST_TAGGED = Version.of(2, 0, 0);

    private final VersionCatalog catalog;

    HelmValues(VersionCatalog catalog) {
        this.catalog = catalog;
    }

    /** The values of a hop forward to the release spelled {@code spelling} on {@code chart}: its changes, and what runs kept. */
    List<HelmValue> forward(HopContext h, Version chart, String spelling) {
        List<HelmValue> set = new ArrayList<>();
        image(h.to().version(), spelling).ifPresent(set::add);
        if (h.kind() != HopKind.ENABLE_MIXCOORD) {
            // The enable-mixcoord hop borrows the rule of the hop it prepares; that hop's own values are not its.
            for (HelmValueRule r : h.rule().helmValues()) {
                if (r.modes().contains(h.mode())) set.add(new HelmValue(r.key(), r.value(), Purpose.GUIDE));
            }
        }
        return finish(h, chart, set, true);
    }

    /** The values that put the release back as it ran before the hop (its rollback): none of the hop's changes. */
    List<HelmValue> back(HopContext h, Version chart, String spelling) {
        List<HelmValue> set = new ArrayList<>();
        image(h.from().version(), spelling).ifPresent(set::add);
        return finish(h, chart, set, false);
    }

    /**
     * {@code image.all.tag=v<release>}: from 2.0.0 on, Milvus tags its images with the release's spelling. The
     * 2.0 release candidates and 1.x carry build-dated tags ({@code v2.0.0-rc8-20211104-d1f4106}), which only
     * their charts know: there the chart's default image is the release's.
     */
    private static Optional<HelmValue> image(Version v, String spelling) {
        return v.isBefore(FIRST_TAGGED) ? Optional.empty() : Optional.of(new HelmValue("image.all.tag", "v" + spelling, Purpose.IMAGE));
    }

    private List<HelmValue> finish(HopContext h, Version chart, List<HelmValue> set, boolean forward) {
        if (forward && h.kind() == HopKind.ENABLE_MIXCOORD) {
            set.add(new HelmValue("mixCoordinator.enabled", "true", Purpose.ENABLE_MIXCOORD));
            for (String c : List.of("rootCoordinator", "indexCoordinator", "queryCoordinator", "dataCoordinator")) {
                set.add(new HelmValue(c + ".enabled", "false", Purpose.ENABLE_MIXCOORD));
            }
        } else {
            set.addAll(keepCoordinators(h, forward ? h.toTopology() : h.fromTopology(), chart));
        }
        set.addAll(keepPulsar(h, chart));
        set.addAll(keepStandaloneQueue(h, chart));
        return set;
    }

    /** The separate coordinators, or MixCoord, as they run, where the chart's default is the other one (2.5 and before). */
    private List<HelmValue> keepCoordinators(HopContext h, Topology line, Version chart) {
        boolean lineHasChoice = line.optional().contains(Component.MIXCOORD);
        if (h.mode() != DeployMode.CLUSTER || !lineHasChoice || h.layout().coordinators().isEmpty()) return List.of();
        boolean chartMix = catalog.chartFact(ChartFact.Kind.MIXCOORD_DEFAULT, chart);
        Coordinators runs = h.layout().coordinators().get();
        List<HelmValue> set = new ArrayList<>();
        if (runs == Coordinators.SEPARATE && chartMix) {
            set.add(new HelmValue("mixCoordinator.enabled", "false", Purpose.KEEP_COORDINATORS));
            for (String c : List.of("rootCoordinator", "queryCoordinator", "dataCoordinator")) {
                set.add(new HelmValue(c + ".enabled", "true", Purpose.KEEP_COORDINATORS));
            }
        } else if (runs == Coordinators.MIXCOORD && !chartMix) {
            set.add(new HelmValue("mixCoordinator.enabled", "true", Purpose.KEEP_COORDINATORS));
            for (String c : List.of("rootCoordinator", "indexCoordinator", "queryCoordinator", "dataCoordinator")) {
                set.add(new HelmValue(c + ".enabled", "false", Purpose.KEEP_COORDINATORS));
            }
        }
        return set;
    }

    /** Pulsar v2 kept on every chart that also has Pulsar v3 (the README's instruction); v3 kept where the default is v2. */
    private List<HelmValue> keepPulsar(HopContext h, Version chart) {
        if (h.messageQueue() != MessageQueue.PULSAR || h.layout().pulsar().isEmpty()) return List.of();
        boolean hasBoth = catalog.chart(chart).map(c -> c.pulsarV3()).orElse(false);
        if (!hasBoth) return List.of();
        boolean v3Default = catalog.chartFact(ChartFact.Kind.PULSAR_V3_DEFAULT, chart);
        PulsarVersion runs = h.layout().pulsar().get();
        if (runs == PulsarVersion.V2) {
            return List.of(new HelmValue("pulsar.enabled", "true", Purpose.KEEP_PULSAR), new HelmValue("pulsarv3.enabled", "false", Purpose.KEEP_PULSAR));
        }
        if (!v3Default) {
            return List.of(new HelmValue("pulsar.enabled", "false", Purpose.KEEP_PULSAR), new HelmValue("pulsarv3.enabled", "true", Purpose.KEEP_PULSAR));
        }
        return List.of();
    }

    /** A standalone keeps its queue where the chart defaults to Woodpecker (the v3.0.x docs: pin it before 2.6). */
    private List<HelmValue> keepStandaloneQueue(HopContext h, Version chart) {
        if (h.mode() != DeployMode.STANDALONE || h.messageQueue() == MessageQueue.WOODPECKER
                || !catalog.chartFact(ChartFact.Kind.WOODPECKER_STANDALONE_DEFAULT, chart)) {
            return List.of();
        }
        return List.of(new HelmValue("standalone.messageQueue", h.messageQueue().id(), Purpose.KEEP_MESSAGE_QUEUE));
    }
}
