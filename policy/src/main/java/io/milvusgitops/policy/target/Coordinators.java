package io.milvusgitops.policy.target;

/**
 * How a cluster runs its coordinators: one merged MixCoord, or the separate root, data, query (and,
 * before 2.3, index) coordinators. 2.6 runs only MixCoord; a 2.5 cluster must switch before it moves.
 */
public enum Coordinators implements Named {
    MIXCOORD, SEPARATE;

    @Override
    public String toString() {
        return id();
    }
}
