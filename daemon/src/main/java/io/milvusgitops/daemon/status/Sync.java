package io.milvusgitops.daemon.status;

import io.milvusgitops.policy.target.Named;

/** Whether a target runs what Git asks, as Argo CD says it: a target whose live state is unknown is neither. */
public enum Sync implements Named {
    SYNCED("Synced"),
    OUT_OF_SYNC("OutOfSync"),
    /** The live state could not be read (an unreachable cluster, a target not found): not drift, its own alert. */
    UNKNOWN("Unknown");

    private final String label;

    Sync(String label) {
        this.label = label;
    }

    /** Argo CD's spelling, used by the metrics' labels, the JSON and the page. */
    public String label() {
        return label;
    }

    @Override
    public String id() {
        return label;
    }
}
