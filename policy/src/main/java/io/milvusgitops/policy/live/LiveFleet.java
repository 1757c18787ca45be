package io.milvusgitops.policy.live;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The observed state of every target, keyed by environment and target name. */
public record LiveFleet(Optional<Instant> observedAt, Map<String, Map<String, LiveTarget>> environments) {

    public LiveFleet {
        Map<String, Map<String, LiveTarget>> copy = new TreeMap<>();
        environments.forEach((env, targets) -> copy.put(env, Map.copyOf(targets)));
        environments = Collections.unmodifiableMap(copy);
    }

    public Optional<LiveTarget> target(String environment, String target) {
        return Optional.ofNullable(environments.getOrDefault(environment, Map.of()).get(target));
    }

    public List<LiveTarget> targets(String environment) {
        return List.copyOf(environments.getOrDefault(environment, Map.of()).values());
    }
}
