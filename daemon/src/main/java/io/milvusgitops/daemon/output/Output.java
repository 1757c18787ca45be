package io.milvusgitops.daemon.output;

import io.milvusgitops.policy.target.Named;

/** The {@code -o} option of every command: a table for people, JSON for pipelines. */
public enum Output implements Named {
    TEXT, JSON;

    @Override
    public String toString() {
        return id();
    }
}
