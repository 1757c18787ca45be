package io.milvusgitops.policy.engine.checks;

import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.rules.MaintenanceWindow.AppliesTo;
import io.milvusgitops.policy.rules.MaintenanceWindow.Kind;
import io.milvusgitops.policy.rules.MaintenanceWindow.Opening;
import io.milvusgitops.policy.rules.MaintenanceWindow;
import io.milvusgitops.policy.rules.RuleSet;
import io.milvusgitops.policy.time.HumanTime;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows, with Argo CD's semantics for the hop about to start: no window that applies
 * means allowed; if allow windows apply, one must be open; an open deny window blocks, and deny beats
 * allow. A window applies to hops that need downtime, or to all hops with {@code appliesTo: all}.
 */
public final class MaintenanceWindowCheck implements TargetCheck {

    /** How far ahead to look for the next opening: a schedule that never opens within a year is reported as such. */
    private static final Duration HORIZON = Duration.ofDays(366);

    @Override
    public List<Objection> check(TargetCase c, RuleSet rules, PolicyContext ctx) {
        List<MaintenanceWindow> windows = applicable(c, rules);
        if (windows.isEmpty()) return List.of();
        Instant now = ctx.now();
        if (allowedAt(windows, now)) return List.of();
        Optional<Instant> from = allowedFrom(c, rules, ctx, now);
        String hop = c.nextHop().map(h -> h.kind() + " hop " + h.from() + " -> " + h.to()).orElse("plan");
        Optional<MaintenanceWindow> deny = windows.stream().filter(w -> w.kind() == Kind.DENY && w.openingAt(now).isPresent()).findFirst();
        String fact = deny.map(w -> "a deny window is open for the " + hop + ": " + w.describe())
                .orElseGet(() -> "closed for the " + hop + "; " + from.map(t -> "next opening " + HumanTime.at(t)).orElse("no opening within a year")
                        + " (" + windows.stream().filter(w -> w.kind() == Kind.ALLOW).map(MaintenanceWindow::describe)
                        .reduce((a, b) -> a + "; " + b).orElse("") + ")");
        return List.of(from.map(t -> Objection.waitUntil("maintenance-window", t, fact, "the hop may start when the window opens at " + HumanTime.at(t)))
                .orElseGet(() -> Objection.deny("maintenance-window", fact, "correct the schedule")));
    }

    @Override
    public Optional<Instant> allowedFrom(TargetCase c, RuleSet rules, PolicyContext ctx, Instant t) {
        List<MaintenanceWindow> windows = applicable(c, rules);
        Instant at = t;
        Instant limit = t.plus(HORIZON);
        while (!at.isAfter(limit)) {
            if (allowedAt(windows, at)) return Optional.of(at);
            Instant probe = at;
            // While a deny window is open nothing else matters: jump to its end. Otherwise the next
            // instant anything can change is when an allow window opens.
            Optional<Instant> denyEnd = windows.stream().filter(w -> w.kind() == Kind.DENY)
                    .flatMap(w -> w.openingAt(probe).map(Opening::end).stream()).max(Comparator.naturalOrder());
            Optional<Instant> next = denyEnd.isPresent() ? denyEnd : windows.stream().filter(w -> w.kind() == Kind.ALLOW)
                    .flatMap(w -> w.nextOpeningAfter(probe).map(Opening::start).stream()).min(Comparator.naturalOrder());
            if (next.isEmpty()) return Optional.empty();
            at = next.get();
        }
        return Optional.empty();
    }

    private static boolean allowedAt(List<MaintenanceWindow> windows, Instant t) {
        if (windows.stream().anyMatch(w -> w.kind() == Kind.DENY && w.openingAt(t).isPresent())) return false;
        List<MaintenanceWindow> allows = windows.stream().filter(w -> w.kind() == Kind.ALLOW).toList();
        return allows.isEmpty() || allows.stream().anyMatch(w -> w.openingAt(t).isPresent());
    }

    private static List<MaintenanceWindow> applicable(TargetCase c, RuleSet rules) {
        boolean downtime = c.nextHop().map(Hop::downtime).orElse(false);
        return rules.windows().stream().filter(w -> w.appliesTo() == AppliesTo.ALL || downtime).toList();
    }
}
