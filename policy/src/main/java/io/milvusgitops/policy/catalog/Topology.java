package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.version.VersionRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The components of a release line and the stages of its rolling upgrade. {@code optional}
 * components may run in place of others (a 2.5 cluster may run mixcoord instead of the three
 * coordinators); a stage names components that are updated together.
 */
public record Topology(VersionRange versions, List<Component> cluster, List<Component> optional,
                       List<List<Component>> rollingStages, String source) {

    public Topology {
        cluster = List.copyOf(cluster);
        optional = List.copyOf(optional);
        rollingStages = rollingStages.stream().map(List::copyOf).toList();
    }

    /** The components a deployment of this line runs by default. */
    public List<Component> components(DeployMode mode) {
        return mode == DeployMode.STANDALONE ? List.of(Component.STANDALONE) : cluster;
    }

    /** Every component that may run in this line, in rolling order. */
    public List<Component> possibleComponents(DeployMode mode) {
        if (mode == DeployMode.STANDALONE) {
            return List.of(Component.STANDALONE);
        }
        List<Component> all = new ArrayList<>();
        for (List<Component> stage : rollingStages) {
            for (Component c : stage) {
                if (cluster.contains(c) || optional.contains(c)) {
                    all.add(c);
                }
            }
        }
        return all;
    }
}
