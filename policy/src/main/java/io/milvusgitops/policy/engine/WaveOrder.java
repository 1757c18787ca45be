package io.milvusgitops.policy.engine;

import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.rules.Waves;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.TargetCase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Concurrency and waves for one environment: the canary upgrades first and alone; after it, at
 * most {@code maxConcurrent} targets upgrade at once, in fleet-file order. Targets that another rule
 * already holds back do not take a slot, so a denied target never blocks the others.
 */
final class WaveOrder {

    private WaveOrder() {
    }

    /** {@code live}: the observed state of any target of the environment (the canary may not drift). */
    static void apply(Waves waves, List<TargetCase> drifting, Map<String, List<Objection>> objections,
                      Function<Target, Optional<LiveTarget>> live) {
        List<TargetCase> inFlight = drifting.stream().filter(TargetCase::upgrading).toList();
        Optional<Target> canary = drifting.isEmpty() ? Optional.empty()
                : drifting.get(0).environment().targets().stream().filter(Target::canary).findFirst();
        Optional<TargetCase> canaryDrifting = canary.flatMap(t -> drifting.stream().filter(c -> c.target().equals(t)).findFirst());

        List<TargetCase> waiting = new ArrayList<>(drifting.stream().filter(c -> !c.upgrading()).toList());
        waiting.sort(Comparator.comparing((TargetCase c) -> !c.target().canary()));
        // The canary holds the others back until it runs the desired version, healthy, and its plan is over: while it
        // drifts, after it got there but is not (yet) healthy, and while its last steps (the Helm record, the smoke test) run.
        Optional<String> canaryHolds = canary.flatMap(t -> {
            if (!waves.canaryFirst()) return Optional.empty();
            if (canaryDrifting.isPresent()) {
                return Optional.of(canaryDrifting.get().live().map(l -> "runs " + l.version() + " " + l.health()).orElse("has no live state"));
            }
            return live.apply(t).filter(l -> !l.healthy() || l.upgrading())
                    .map(l -> l.healthy() ? "runs " + l.version() + " but its upgrade has not finished" : "runs " + l.version() + " but is " + l.health());
        });
        if (canaryHolds.isPresent()) {
            Target t = canary.get();
            for (TargetCase c : waiting) {
                if (!c.target().canary()) {
                    objections.get(c.target().name()).add(Objection.waitFor("waves", "the canary " + t.name() + " goes first and "
                            + canaryHolds.get(), "the canary must run " + c.environment().milvusVersion() + " healthy; then the others follow"));
                }
            }
        }
        int slots = waves.maxConcurrent() - inFlight.size();
        List<String> taken = new ArrayList<>(inFlight.stream().map(c -> c.target().name()).toList());
        for (TargetCase c : waiting) {
            List<Objection> own = objections.get(c.target().name());
            if (!own.isEmpty()) continue;
            if (slots > 0) {
                slots--;
                taken.add(c.target().name());
            } else {
                own.add(Objection.waitFor("waves", "at most " + waves.maxConcurrent() + " target(s) of " + c.environment().name()
                        + " upgrade at once: " + String.join(", ", taken) + " first", "this target starts when one of them finishes"));
            }
        }
    }
}
