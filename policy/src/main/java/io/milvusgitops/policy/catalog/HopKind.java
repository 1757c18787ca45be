package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.Named;

/**
 * How one hop of an upgrade path moves a deployment from one version to the next, or, for
 * {@link #ENABLE_MIXCOORD}, changes how it runs at one version.
 */
public enum HopKind implements Named {
    /** Component by component, in the documented dependency order; no downtime. */
    ROLLING(false),
    /** All components replaced at once ({@code helm upgrade}, new image everywhere); downtime. */
    RECREATE(true),
    /** 2.1.x to 2.2+: back up etcd metadata, stop everything, run the migration tool, start the new image. */
    META_MIGRATION(true),
    /** 2.5 to 2.6: coordinators merged into MixCoord, IndexNode into DataNode, new StreamingNode. */
    TOPOLOGY_CHANGE(true),
    /** 1.x to 2.x: a new deployment beside the old one and a data copy (MilvusDM); never in place. */
    DATA_MIGRATION(false),
    /**
     * At one 2.5 version, the separate coordinators replaced by MixCoord (the 2.6 guides' step before the
     * 2.6 image): the planner's own hop, never a rule's kind. Downtime: the old coordinators stop as MixCoord starts.
     */
    ENABLE_MIXCOORD(true);

    private final boolean downtime;

    HopKind(boolean downtime) {
        this.downtime = downtime;
    }

    /** Whether the service is unavailable while a hop of this kind runs. */
    public boolean downtime() {
        return downtime;
    }

    /**
     * Disruptive hops are the ones a planner avoids first: they stop the service or move data.
     * A data migration keeps the old deployment serving, but clients must move to the new one.
     */
    public boolean disruptive() {
        return this != ROLLING;
    }

    /** Whether the hop rewrites Milvus metadata in etcd, so that a backup must come first. */
    public boolean changesMetadata() {
        return this == META_MIGRATION || this == TOPOLOGY_CHANGE;
    }

    /** A kind a catalog rule may name; enable-mixcoord is planned from a rule's {@code mixCoordFirst}, never written as a kind. */
    public boolean ruleKind() {
        return this != ENABLE_MIXCOORD;
    }

    @Override
    public String toString() {
        return id();
    }
}
