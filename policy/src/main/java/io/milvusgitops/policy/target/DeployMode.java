package io.milvusgitops.policy.target;

/** Milvus standalone (one process) or cluster (separate coordinators and worker nodes). */
public enum DeployMode implements Named {
    STANDALONE("standalone"), CLUSTER("cluster");

    private final String id;

    DeployMode(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
