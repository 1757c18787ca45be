package io.milvusgitops.policy.target;

/** A Milvus component: one Deployment (Kubernetes) or one container (Compose). */
public enum Component implements Named {
    STANDALONE("standalone"),
    PROXY("proxy"),
    ROOTCOORD("rootcoord"),
    DATACOORD("datacoord"),
    INDEXCOORD("indexcoord"),
    QUERYCOORD("querycoord"),
    MIXCOORD("mixcoord"),
    INDEXNODE("indexnode"),
    DATANODE("datanode"),
    QUERYNODE("querynode"),
    STREAMINGNODE("streamingnode");

    private final String id;

    Component(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    public boolean isCoordinator() {
        return this == ROOTCOORD || this == DATACOORD || this == INDEXCOORD || this == QUERYCOORD || this == MIXCOORD;
    }

    @Override
    public String toString() {
        return id;
    }
}
