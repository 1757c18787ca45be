package io.milvusgitops.policy.target;

/** The message queue (log broker) a Milvus deployment uses; it decides whether a rolling upgrade is possible. */
public enum MessageQueue implements Named {
    PULSAR, KAFKA, ROCKSMQ, NATSMQ, WOODPECKER;

    @Override
    public String toString() {
        return id();
    }
}
