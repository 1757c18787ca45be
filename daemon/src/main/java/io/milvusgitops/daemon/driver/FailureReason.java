package io.milvusgitops.daemon.driver;

/** Why a step failed: the label of failure metrics, events and the audit log. */
public enum FailureReason {
    /** The API server or Docker host could not be reached. */
    UNREACHABLE,
    /** The target is not in the state the step needs (not healthy before start, RocksMQ on a rolling hop). */
    PRECONDITION,
    /** A rollout did not finish within the step's deadline. */
    ROLLOUT_TIMEOUT,
    /** Pods of the new image never become ready (a crash loop). */
    NOT_READY,
    /** A Job (meta migration, data migration) failed. */
    JOB_FAILED,
    /** A Milvus session is still alive in etcd when none may be. */
    LIVE_SESSIONS,
    /** Backing up or restoring the metadata failed. */
    BACKUP,
    /** Helm refused an install or upgrade. */
    HELM,
    /** Something the step expects does not exist (the release, a component). */
    NOT_FOUND
}
