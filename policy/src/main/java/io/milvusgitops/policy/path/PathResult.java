package io.milvusgitops.policy.path;

/** What the planner answers: a path, or a refusal with its reason. */
public sealed interface PathResult {

    record Found(UpgradePath path) implements PathResult {
    }

    record Refused(Refusal refusal) implements PathResult {
    }
}
