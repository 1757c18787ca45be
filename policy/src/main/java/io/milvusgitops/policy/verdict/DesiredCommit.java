package io.milvusgitops.policy.verdict;

import java.util.List;

/** The commit that holds the desired state, with the approvals the Git source verified on it. */
public record DesiredCommit(String id, List<Approval> approvals) {

    public static final DesiredCommit UNKNOWN = new DesiredCommit("", List.of());

    public DesiredCommit {
        approvals = List.copyOf(approvals);
    }

    public String shortId() {
        return id.length() > 8 ? id.substring(0, 8) : (id.isEmpty() ? "(unknown commit)" : id);
    }
}
