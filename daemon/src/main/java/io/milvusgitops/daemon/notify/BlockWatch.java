package io.milvusgitops.daemon.notify;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.time.HumanTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people when policy has held a target's upgrade back for long (issue 7, "long blocks"): fed with
 * every target's state after each pass, it writes one {@code blocked} line to the audit log once a
 * target has had drift and been held back (verdict wait, deny or approval; no upgrade running, none
 * halted) for {@code blockedAfter} without a break. The audit log hands the line to the notifier like
 * every other event, so the webhook gets it as JSON and Slack as one line of text.
 *
 * <p>Once per episode: an episode is one continuous block of one target at one desired version; it
 * ends when the block clears or Git asks for another version. Within an episode each distinct set of
 * blocking rules is told once (a closed window plus a missing approval, then the approval alone when
 * the window opens, are two messages, never one per pass), measured from the start of the block.
 *
 * <p>What it knows lives in memory: after a restart, or when this replica starts leading, a block is
 * measured from the first pass that sees it, so a message comes at the earliest {@code blockedAfter}
 * later. That errs towards silence, never towards a burst of messages at every start.
 *
 * <p>It runs on the reconcile thread: it only appends to the audit log, and the notifier sends on its
 * own bounded queue, so no receiver ever slows a pass.
 */
public final class BlockWatch implements TargetStates.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(BlockWatch.class);
    private static final Set<String> HELD_BACK = Set.of("wait", "deny", "approval");

    /** One target's block: the version it waits for, since when, and the rule sets already told. */
    private record Episode(String desired, Instant since, Set<Set<String>> told) {
    }

    private final Duration after;
    private final Clock clock;
    private final AuditLog audit;
    private final Map<TargetKey, Episode> episodes = new HashMap<>();

    public BlockWatch(Duration after, Clock clock, AuditLog audit) {
        this.after = after;
        this.clock = clock;
        this.audit = audit;
    }

    /** A target's state after its turn. */
    @Override
    public void changed(TargetStatus s, Collection<TargetStatus> all) {
        observe(s);
    }

    synchronized void observe(TargetStatus s) {
        TargetKey key = s.target();
        if (!heldBack(s)) {
            episodes.remove(key);
            return;
        }
        Instant now = clock.instant();
        Episode e = episodes.get(key);
        if (e == null || !e.desired().equals(s.desired())) {
            e = new Episode(s.desired(), now, new HashSet<>());
            episodes.put(key, e);
        }
        SortedSet<String> rules = new TreeSet<>(s.blockingRules());
        if (now.isBefore(e.since().plus(after)) || !e.told().add(rules)) return;
        // Told before it is written: a failing audit log must not turn into a message per pass.
        try {
            audit.blocked(key, s.desired(), s.live().orElse(""), s.verdict(), rules, e.since(), summary(s, rules, e.since(), now));
        } catch (RuntimeException ex) {
            LOG.warn("cannot record that {} is blocked: {}", key, ex.getMessage());
        }
    }

    /** This replica stops leading: what it measured no longer holds when it leads again. */
    @Override
    public synchronized void forgotten() {
        episodes.clear();
    }

    /** Drift that policy holds back; a running or halted upgrade is something else (and has its own alert). */
    static boolean heldBack(TargetStatus s) {
        return s.drift() && !s.upgrading() && !s.halted() && HELD_BACK.contains(s.verdict()) && !s.blockingRules().isEmpty();
    }

    /** "held back for 1 d 2 h (since 2026-12-04 05:22 UTC) by approval, maintenance-window: 2.5.16 -> 2.6.15 waits. Approve ..." */
    static String summary(TargetStatus s, SortedSet<String> rules, Instant since, Instant now) {
        return "held back for " + HumanTime.duration(Duration.between(since, now)) + " (since " + HumanTime.at(since) + ") by "
                + String.join(", ", rules) + ": " + s.live().orElse("?") + " -> " + s.desired() + " waits. "
                + remedy(s.verdict());
    }

    private static String remedy(String verdict) {
        return switch (verdict) {
            case "approval" -> "Approve it (an 'Approved-by:' trailer or a signed commit by a listed approver), "
                    + "or revert the version in Git.";
            case "deny" -> "Fix what the rules refuse (the status page says what), or revert the version in Git.";
            default -> "It starts when the rules allow (a window opens, a freeze ends, a promotion gate passes); "
                    + "the status page says what each rule waits for.";
        };
    }
}
