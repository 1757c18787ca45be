package io.milvusgitops.policy.engine;

import io.milvusgitops.policy.engine.checks.ApprovalCheck;
import io.milvusgitops.policy.engine.checks.BackupCheck;
import io.milvusgitops.policy.engine.checks.CustomCheck;
import io.milvusgitops.policy.engine.checks.DataMigrationCheck;
import io.milvusgitops.policy.engine.checks.DowntimeCheck;
import io.milvusgitops.policy.engine.checks.FreezeCheck;
import io.milvusgitops.policy.engine.checks.HealthyBeforeStartCheck;
import io.milvusgitops.policy.engine.checks.MaintenanceWindowCheck;
import io.milvusgitops.policy.engine.checks.MaxHopsCheck;
import io.milvusgitops.policy.engine.checks.PathCheck;
import io.milvusgitops.policy.engine.checks.PromotionGateCheck;
import io.milvusgitops.policy.engine.checks.TargetCheck;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import io.milvusgitops.policy.verdict.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, for every target of an environment that drifts from Git, whether its plan may start now.
 *
 * <ol>
 *   <li>Every built-in rule looks at every target and reports its objections: all of them, not the
 *       first; each names the rule, the fact it saw and what would satisfy it.</li>
 *   <li>Waves (environment-wide): of the targets nothing else objects to, the canary goes first and
 *       alone, and at most {@code maxConcurrent} upgrade at once, in the order of the fleet file.</li>
 *   <li>The verdict: any denial denies; else a missing approval asks for it; else any wait waits,
 *       until the earliest instant at which every time-based rule allows at once (a freeze that ends
 *       inside a closed window waits for the window); else allow.</li>
 * </ol>
 * Pure: time comes from the {@link PolicyContext}, whose clock the caller injects.
 */
public final class PolicyEngine {

    private static final List<TargetCheck> CHECKS = List.of(
            new PathCheck(), new HealthyBeforeStartCheck(), new DowntimeCheck(), new DataMigrationCheck(), new MaxHopsCheck(),
            new BackupCheck(), new FreezeCheck(), new MaintenanceWindowCheck(), new PromotionGateCheck(), new ApprovalCheck(),
            new CustomCheck());
    private static final int MAX_TIME_ITERATIONS = 64;

    /** Verdicts for the drifting targets of one environment, keyed by target name, in the order given. */
    public Map<String, Verdict> evaluate(List<TargetCase> drifting, PolicyContext ctx) {
        Map<String, List<Objection>> objections = new LinkedHashMap<>();
        for (TargetCase c : drifting) {
            objections.put(c.target().name(), objectionsOf(c, ctx));
        }
        if (!drifting.isEmpty()) {
            RuleSet rules = ctx.rulesFor(drifting.get(0).environment().name());
            String env = drifting.get(0).environment().name();
            rules.waves().ifPresent(w -> WaveOrder.apply(w, drifting, objections, t -> ctx.live().target(env, t.name())));
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        objections.values().forEach(PolicyEngine::mostSevereFirst);
        for (TargetCase c : drifting) {
            verdicts.put(c.target().name(), combine(c, objections.get(c.target().name()), ctx));
        }
        return verdicts;
    }

    /** The verdict for one target alone (no waves: they need the whole environment). */
    public Verdict evaluate(TargetCase c, PolicyContext ctx) {
        List<Objection> objections = objectionsOf(c, ctx);
        mostSevereFirst(objections);
        return combine(c, objections, ctx);
    }

    /** Denials first, then missing approvals, then waits: the first objection is the reason of the verdict. Stable within each. */
    private static void mostSevereFirst(List<Objection> objections) {
        objections.sort(Comparator.comparing(Objection::effect));
    }

    private static List<Objection> objectionsOf(TargetCase c, PolicyContext ctx) {
        RuleSet rules = ctx.rulesFor(c.environment().name());
        List<Objection> out = new ArrayList<>();
        for (TargetCheck check : CHECKS) {
            out.addAll(check.check(c, rules, ctx));
        }
        return out;
    }

    private static Verdict combine(TargetCase c, List<Objection> objections, PolicyContext ctx) {
        if (objections.stream().anyMatch(o -> o.effect() == Objection.Effect.DENY)) {
            return new Verdict.Deny(objections);
        }
        Optional<Objection> approval = objections.stream().filter(o -> o.effect() == Objection.Effect.NEEDS_APPROVAL).findFirst();
        if (approval.isPresent()) {
            return new Verdict.NeedsApproval(approval.get().remedy(), objections);
        }
        if (!objections.isEmpty()) {
            boolean timeOnly = objections.stream().allMatch(o -> o.until().isPresent());
            return new Verdict.Wait(timeOnly ? earliestAllowed(c, ctx, objections) : Optional.empty(), objections);
        }
        return new Verdict.Allow();
    }

    /** The first instant from now at which every time-based rule allows at once. */
    private static Optional<Instant> earliestAllowed(TargetCase c, PolicyContext ctx, List<Objection> objections) {
        RuleSet rules = ctx.rulesFor(c.environment().name());
        Instant t = objections.stream().map(o -> o.until().orElseThrow()).max(Instant::compareTo).orElse(ctx.now());
        for (int i = 0; i < MAX_TIME_ITERATIONS; i++) {
            Instant next = t;
            for (TargetCheck check : CHECKS) {
                Optional<Instant> from = check.allowedFrom(c, rules, ctx, next);
                if (from.isEmpty()) return Optional.empty();
                if (from.get().isAfter(next)) next = from.get();
            }
            if (next.equals(t)) return Optional.of(t);
            t = next;
        }
        return Optional.of(t);
    }
}
