package io.milvusgitops.policy.catalog;

/** Where a rule's hop kind is not possible, and why: a person reads {@code because} when a plan is refused or degraded. */
public record Limitation(Scope scope, String because) {
}
