package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.DeployMode;
import java.util.Set;

/** A Helm value a rule's guide sets on its hop ({@code --set streaming.enabled=true}), for the modes it names. */
public record HelmValueRule(String key, String value, Set<DeployMode> modes) {

    public HelmValueRule {
        modes = Set.copyOf(modes);
    }
}
