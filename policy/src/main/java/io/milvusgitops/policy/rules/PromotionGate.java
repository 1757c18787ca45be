package io.milvusgitops.policy.rules;

import java.time.Duration;

/** An environment may move only to a version its upstream has run healthy for at least {@code soak}. */
public record PromotionGate(Duration soak) {
}
