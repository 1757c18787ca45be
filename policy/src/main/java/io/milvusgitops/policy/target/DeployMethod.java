package io.milvusgitops.policy.target;

/** How a Milvus deployment is installed, and so which driver upgrades it. */
public enum DeployMethod implements Named {
    HELM("helm"), OPERATOR("operator"), COMPOSE("compose");

    private final String id;

    DeployMethod(String id) {
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
