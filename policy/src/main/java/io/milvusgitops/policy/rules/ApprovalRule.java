package io.milvusgitops.policy.rules;

import java.util.Set;

/**
 * The desired commit must carry {@code required} approvals from distinct approvers: a signature by a
 * listed key, or an {@code Approved-by:} trailer naming a listed person.
 */
public record ApprovalRule(int required, Set<String> people, Set<String> keys) {

    public ApprovalRule {
        people = Set.copyOf(people);
        keys = Set.copyOf(keys.stream().map(Fingerprints::normalise).toList());
    }
}
