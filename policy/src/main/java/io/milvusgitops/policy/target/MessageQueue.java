package io.milvusgitops.policy.target;

/** The message queue (log broker) a Milvus deployment uses; it decides whether a rolling upgrade is possible. */
public enum MessageQueue implements Named {
    PULSAR("pulsar"), KAFKA("kafka"), ROCKSMQ("rocksmq"), NATSMQ("natsmq"), WOODPECKER("woodpecker");

    private final String id;

    MessageQueue(String id) {
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
