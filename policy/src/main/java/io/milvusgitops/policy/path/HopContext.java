package io.milvusgitops.policy.path;

import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.Release;
import io.milvusgitops.policy.catalog.Topology;
import io.milvusgitops.policy.catalog.UpgradeRule;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import java.util.List;
import java.util.Optional;

/**
 * Everything a step recipe needs to write out one hop: its kind and versions, the deployment (mode, queue,
 * and what runs beyond them at the hop's start), the rule, the charts on both sides, the topologies.
 */
record HopContext(HopKind kind, Release from, Release to, DeployMode mode, MessageQueue messageQueue, Layout layout, UpgradeRule rule,
                  Optional<ChartChoice> fromChart, Optional<ChartChoice> toChart,
                  Topology fromTopology, Topology toTopology) {

    /** The same hop with its charts (they are chosen after the context exists: their values depend on it). */
    HopContext withCharts(Optional<ChartChoice> from, Optional<ChartChoice> to) {
        return new HopContext(kind, this.from, this.to, mode, messageQueue, layout, rule, from, to, fromTopology, toTopology);
    }

    /** Components the deployment may run before the hop, in rolling order ("whichever exist"). */
    List<Component> before() {
        return fromTopology.possibleComponents(mode);
    }

    /** Components the deployment runs after the hop. */
    List<Component> after() {
        return toTopology.possibleComponents(mode);
    }

    /** Components the new version no longer has (2.6: the separate coordinators and indexnode). */
    List<Component> removed() {
        return before().stream().filter(c -> !after().contains(c)).toList();
    }

    /** Components the new version adds (2.6: mixcoord where it was not run, streamingnode). */
    List<Component> added() {
        return toTopology.components(mode).stream().filter(c -> !before().contains(c)).toList();
    }

    /** Components on both sides. */
    List<Component> kept() {
        return after().stream().filter(c -> before().contains(c)).toList();
    }

    /** The rolling stages of the current line, restricted to components this deployment may run. */
    List<List<Component>> rollingStages() {
        return fromTopology.rollingStages().stream()
                .map(stage -> stage.stream().filter(before()::contains).toList())
                .filter(stage -> !stage.isEmpty())
                .toList();
    }

    List<Component> coordinators() {
        return before().stream().filter(Component::isCoordinator).toList();
    }

    Image image() {
        return to.image();
    }

    Image oldImage() {
        return from.image();
    }
}
