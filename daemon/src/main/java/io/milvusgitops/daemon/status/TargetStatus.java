package io.milvusgitops.daemon.status;

import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.plan.TargetPlan;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One target after a pass, as the status API, the page, the metrics and the long-block watch see it:
 * what Git asks, what runs, whether they agree, the health, whether a plan runs or is halted, the
 * policy's verdict with every objection (its fact, its remedy, and for a time rule until when), and
 * what the last pass did.
 *
 * @param verdict    {@code allow}, {@code wait}, {@code deny}, {@code approval}, or {@code in-sync} without drift
 * @param waitUntil  for {@code wait}: the earliest time every time rule lets the plan start
 * @param objections the rules that hold a plan back; none while a plan runs (it goes on whatever they say)
 * @param unobserved why the live state is unknown, when it is
 */
public record TargetStatus(TargetKey target, DeployMethod method, String desired, Optional<String> live, Sync sync, Health health,
                           boolean upgrading, boolean halted, String verdict, Optional<Instant> waitUntil, List<Objection> objections,
                           String lastPass, Optional<String> unobserved, Instant at) {

    public TargetStatus {
        objections = List.copyOf(objections);
    }

    /**
     * A target's state from its line of the plan. Live state has three cases, as Argo CD has them: observed
     * (Synced or OutOfSync), not found where the fleet says (OutOfSync, Missing: it should run and does not),
     * and unobservable (Unknown: its cluster or Docker host did not answer; not drift, its own alert).
     */
    public static TargetStatus of(TargetPlan t, Optional<String> unobservable, boolean upgrading, boolean halted, String lastPass, Instant at) {
        Optional<LiveTarget> live = t.live();
        Sync sync = unobservable.isPresent() ? Sync.UNKNOWN : t.drift() ? Sync.OUT_OF_SYNC : Sync.SYNCED;
        Health health = live.map(LiveTarget::health).orElse(unobservable.isPresent() ? Health.UNKNOWN : Health.MISSING);
        List<Objection> objections = upgrading ? List.of() : t.verdict().map(Verdict::objections).orElse(List.of());
        Optional<Instant> until = t.verdict().flatMap(v -> v instanceof Verdict.Wait w ? w.until() : Optional.empty());
        return new TargetStatus(t.key(), t.target().method(), t.desired().toString(), live.map(l -> l.version().toString()), sync, health,
                upgrading, halted, t.verdict().map(v -> v.label().toLowerCase(Locale.ROOT)).orElse("in-sync"), upgrading ? Optional.empty() : until,
                objections, lastPass, unobservable, at);
    }

    public boolean drift() {
        return sync == Sync.OUT_OF_SYNC;
    }

    /** The live state could not be read: neither in sync nor drift. */
    public boolean unobservable() {
        return sync == Sync.UNKNOWN;
    }

    /** The rules that hold the plan back, each once. */
    public List<String> blockingRules() {
        return objections.stream().map(Objection::rule).distinct().toList();
    }
}
