package io.milvusgitops.daemon.page;

import io.milvusgitops.daemon.status.StatusReport.HistoryItem;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the history page shows, from its query: {@code ?environment=staging}, {@code &target=staging/search};
 * an empty or missing parameter shows all. Values are only compared, never echoed unescaped.
 */
record HistoryFilter(Optional<String> environment, Optional<String> target) {

    static HistoryFilter of(Map<String, List<String>> query) {
        return new HistoryFilter(first(query, "environment"), first(query, "target"));
    }

    private static Optional<String> first(Map<String, List<String>> query, String key) {
        return query.getOrDefault(key, List.of()).stream().filter(v -> !v.isBlank()).findFirst();
    }

    boolean shows(TargetKey key) {
        return environment.map(key.environment()::equals).orElse(true) && target.map(key.toString()::equals).orElse(true);
    }

    List<HistoryItem> history(List<HistoryItem> items) {
        return items.stream().filter(e -> shows(e.target())).toList();
    }

    List<TargetStatus> targets(List<TargetStatus> targets) {
        return targets.stream().filter(t -> shows(t.target())).toList();
    }
}
