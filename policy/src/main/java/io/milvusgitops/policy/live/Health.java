package io.milvusgitops.policy.live;

import io.milvusgitops.policy.target.Named;

/** The health of a deployment, in Argo CD's words so that dashboards and alerts read the same. */
public enum Health implements Named {
    HEALTHY("Healthy"), PROGRESSING("Progressing"), DEGRADED("Degraded"), SUSPENDED("Suspended"),
    MISSING("Missing"), UNKNOWN("Unknown");

    private final String id;

    Health(String id) {
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
