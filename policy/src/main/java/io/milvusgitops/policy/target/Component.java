package io.milvusgitops.policy.target;

/** A Milvus component: one Deployment (Kubernetes) or one container (Compose). */
public enum Component implements Named {
    STANDALONE,
    PROXY,
    ROOTCOORD,
    DATACOORD,
    INDEXCOORD,
    QUERYCOORD,
    MIXCOORD,
    INDEXNODE,
    DATANODE,
    QUERYNODE,
    STREAMINGNODE;

    public boolean isCoordinator() {
        return this == ROOTCOORD || this == DATACOORD || this == INDEXCOORD || this == QUERYCOORD || this == MIXCOORD;
    }

    @Override
    public String toString() {
        return id();
    }
}
