package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.rules.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The desired state of every environment and the policy that governs it, as one validated value, with the
 * version catalog it was validated against: the built-in one plus the fleet's own additions, if any.
 */
public record Fleet(String name, String policyFile, List<Environment> environments, Policy policy, VersionCatalog catalog) {

    public Fleet {
        environments = List.copyOf(environments);
    }

    public Optional<Environment> environment(String name) {
        return environments.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * Environments in promotion order: every environment after the one it is promoted from
     * (dev, staging, prod); unrelated environments keep their name order. The parser has
     * rejected cycles, so this terminates.
     */
    public List<Environment> inPromotionOrder() {
        List<Environment> ordered = new ArrayList<>();
        List<Environment> left = new ArrayList<>(environments);
        while (!left.isEmpty()) {
            for (int i = 0; i < left.size(); i++) {
                Environment e = left.get(i);
                boolean upstreamPlaced = e.promoteFrom().map(p -> ordered.stream().anyMatch(o -> o.name().equals(p))).orElse(true);
                if (upstreamPlaced) {
                    ordered.add(e);
                    left.remove(i);
                    break;
                }
            }
        }
        return ordered;
    }
}
