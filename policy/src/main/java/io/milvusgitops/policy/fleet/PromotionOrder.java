package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.yaml.YamlValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Checks that every {@code promoteFrom} names an environment and that the order has no cycle. */
final class PromotionOrder {

    private PromotionOrder() {
    }

    static void check(List<EnvironmentReader.Parsed> parsed, Set<String> declared) {
        Map<String, Environment> byName = parsed.stream().map(EnvironmentReader.Parsed::environment)
                .collect(Collectors.toMap(Environment::name, Function.identity(), (a, b) -> a));
        Set<String> reported = new HashSet<>();
        for (EnvironmentReader.Parsed p : parsed) {
            Environment e = p.environment();
            if (e.promoteFrom().isEmpty() || p.promoteFromAt().isEmpty()) {
                continue;
            }
            YamlValue at = p.promoteFromAt().get();
            String from = e.promoteFrom().get();
            if (from.equals(e.name())) {
                at.report("environment '" + e.name() + "' is promoted from itself",
                        "name the environment before it in promoteFrom, or remove promoteFrom");
                continue;
            }
            if (!byName.containsKey(from) && declared.contains(from)) {
                continue; // the upstream's own file is invalid and reported; do not report it twice
            }
            if (!byName.containsKey(from)) {
                at.report("promoteFrom names '" + from + "', which is no environment",
                        "write one of: " + String.join(", ", byName.keySet().stream().sorted().toList()));
                continue;
            }
            List<String> chain = new ArrayList<>();
            chain.add(e.name());
            String cur = from;
            while (cur != null && !chain.contains(cur)) {
                chain.add(cur);
                Environment next = byName.get(cur);
                cur = next == null ? null : next.promoteFrom().orElse(null);
            }
            if (cur != null && cur.equals(e.name()) && reported.add(String.join(",", chain.stream().sorted().toList()))) {
                chain.add(cur);
                at.report("the promotion order has a cycle: " + String.join(" <- ", chain),
                        "break the cycle: the first environment has no promoteFrom");
            }
        }
    }
}
