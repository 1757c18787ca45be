package io.milvusgitops.policy.rules;

/** At most {@code maxConcurrent} targets of an environment upgrade at once; with {@code canaryFirst} the canary goes alone first. */
public record Waves(int maxConcurrent, boolean canaryFirst) {
}
