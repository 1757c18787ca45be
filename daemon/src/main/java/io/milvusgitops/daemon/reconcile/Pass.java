package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.policy.time.HumanTime;
import java.time.Duration;

/** What one target's turn leaves to the scheduler. */
public sealed interface Pass {

    /** Nothing to do: the target runs what Git asks for, or waits for Git or the policy to change. */
    record Idle(String why) implements Pass {
    }

    /** Progress was made: pass again at once. */
    record Continue(String what) implements Pass {
    }

    /** A step waits (a rollout, a Job, a retry): pass again after {@code after}. */
    record WaitFor(Duration after, String what) implements Pass {
    }

    /** The upgrade stopped after a failure; it stays stopped until Git changes or an operator acts. */
    record Halted(String reason) implements Pass {
    }

    static Pass waitFor(Duration d, String what) {
        return new WaitFor(d, what);
    }

    /** One line for a person: "waiting 5 s: rollout of [querynode]". */
    static String describe(Pass p) {
        return switch (p) {
            case Idle i -> i.why();
            case Continue c -> "working: " + c.what();
            case WaitFor w -> "waiting " + HumanTime.duration(w.after()) + ": " + w.what();
            case Halted h -> "halted: " + h.reason();
        };
    }
}
