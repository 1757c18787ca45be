package io.milvusgitops.policy.target;

/** How a Milvus deployment is installed, and so which driver upgrades it. */
public enum DeployMethod implements Named {
    HELM, OPERATOR, COMPOSE;

    @Override
    public String toString() {
        return id();
    }
}
