package io.milvusgitops.policy.target;

/** Milvus standalone (one process) or cluster (separate coordinators and worker nodes). */
public enum DeployMode implements Named {
    STANDALONE, CLUSTER;

    @Override
    public String toString() {
        return id();
    }
}
