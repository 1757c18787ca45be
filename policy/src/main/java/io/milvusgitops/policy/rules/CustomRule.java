package io.milvusgitops.policy.rules;

/**
 * A boolean CEL expression over {@code environment}, {@code target}, {@code plan}, {@code history}
 * and {@code now}; the plan may start only when it is true. {@code message} is what a person reads
 * when it is false. The expression was compiled when the policy was read.
 */
public record CustomRule(String name, String expression, String message, CelCheck compiled) {
}
