package io.milvusgitops.policy.target;

/**
 * The generation of the Pulsar a Helm release runs: the chart depends on Pulsar 2 (alias {@code pulsar})
 * and, from chart 4.2.21, also on Pulsar 3 (alias {@code pulsarv3}). The two do not share data: a
 * release stays on the one it runs unless a person runs the documented v2 -> v3 procedure.
 */
public enum PulsarVersion implements Named {
    V2, V3;

    @Override
    public String toString() {
        return id();
    }
}
