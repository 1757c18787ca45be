package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.rules.ApprovalRule;
import io.milvusgitops.policy.rules.Fingerprints;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.verdict.Approval;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Approvals: the desired commit must carry N approvals from distinct listed approvers. The Git source
 * verifies signatures and reads trailers; this rule only decides. Approvals from people or keys not
 * on the list do not count, and the fact says so.
 */
public final class ApprovalCheck implements TargetCheck {

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        if (rules.approvals().isEmpty()) return List.of();
        ApprovalRule rule = rules.approvals().get();
        Set<String> counted = new LinkedHashSet<>();
        List<String> ignored = new ArrayList<>();
        for (Approval a : ctx.commit().approvals()) {
            String id = a.kind() == Approval.Kind.SIGNATURE ? Fingerprints.normalise(a.identity()) : a.identity();
            boolean listed = a.kind() == Approval.Kind.SIGNATURE ? rule.keys().contains(id) : rule.people().contains(id);
            if (listed) {
                counted.add(id);
            } else {
                ignored.add(a.identity() + (a.kind() == Approval.Kind.SIGNATURE ? " (key not listed)" : " (not a listed approver)"));
            }
        }
        if (counted.size() >= rule.required()) return List.of();
        String fact = "commit " + ctx.commit().shortId() + " carries " + counted.size() + " of " + rule.required() + " approvals"
                + (counted.isEmpty() ? "" : " (" + String.join(", ", counted) + ")")
                + (ignored.isEmpty() ? "" : "; not counted: " + String.join(", ", ignored));
        List<String> approvers = new ArrayList<>(rule.people());
        approvers.addAll(rule.keys());
        return List.of(Objection.needsApproval("approval", fact, (rule.required() - counted.size()) + " more from "
                + String.join(", ", approvers.stream().filter(p -> !counted.contains(p)).sorted().toList())
                + ": an 'Approved-by:' trailer or a signed commit"));
    }
}
