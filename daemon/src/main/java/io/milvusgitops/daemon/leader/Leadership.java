package io.milvusgitops.daemon.leader;

/**
 * Whether this process may act on the fleet. Every replica follows Git and serves status and
 * metrics; only the leader runs reconcile passes, so two daemons never drive one deployment.
 */
public interface Leadership extends AutoCloseable {

    boolean isLeader();

    /** Who leads, as far as this process knows (its identity when it does). */
    String leader();

    void start();

    /** Stops taking part and hands over: another replica may lead at once. Called only when no step runs. */
    @Override
    void close();

    /**
     * Stops taking part without handing over, because a step still runs: what this replica holds expires on its own
     * and only then may another lead. By default nothing: the process is about to end.
     */
    default void abandon() {
    }

    /** One replica, no election: always the leader (the default; the Deployment uses {@code Recreate}). */
    static Leadership alone(String identity) {
        return new Leadership() {
            public boolean isLeader() {
                return true;
            }

            public String leader() {
                return identity;
            }

            public void start() {
            }

            public void close() {
            }
        };
    }
}
