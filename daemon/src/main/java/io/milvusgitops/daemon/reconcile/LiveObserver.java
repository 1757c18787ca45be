package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.record.StateStore;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What runs, for every target of a fleet, through the drivers: the live side of a plan. Used by every
 * reconcile pass and by {@code plan} and {@code status} when no live snapshot is given. A target that
 * is not found, or cannot be observed, is left out of the live fleet (the policy then holds it back: its
 * state is unknown); the reason is kept in the {@link Observation}.
 */
public final class LiveObserver {

    /**
     * The live fleet; the targets not found where the fleet says; and those that could not be observed,
     * with the reason (an unreachable cluster).
     */
    public record Observation(LiveFleet live, Set<TargetKey> missing, Map<TargetKey, String> unobservable) {
    }

    static final String NOT_FOUND = "not found where the fleet says it runs";

    /** How long a pass waits for the live state of a target. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Function<Target, TargetDriver> drivers;
    private final Function<Target, StateStore> stores;
    private final Clock clock;
    /** Since when each target has shown its current version and health: the soak clock of promotion gates. */
    private final Map<TargetKey, Map.Entry<String, Instant>> since = new HashMap<>();

    public LiveObserver(Function<Target, TargetDriver> drivers, Function<Target, StateStore> stores, Clock clock) {
        this.drivers = drivers;
        this.stores = stores;
        this.clock = clock;
    }

    /** What is asked of one target's driver, on its own virtual thread. */
    private record Seen(Optional<TargetDriver.Observed> observed, boolean upgrading) {
    }

    /**
     * Observes every target at once (one virtual thread each), so that an unreachable cluster costs the
     * pass one timeout, not one per target; a target not answered within {@link #TIMEOUT} is unobservable.
     */
    public Observation observe(Fleet fleet) {
        Map<TargetKey, Future<Seen>> asked = new LinkedHashMap<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (Environment env : fleet.environments()) {
                for (Target t : env.targets()) {
                    TargetKey key = TargetKey.of(env, t);
                    asked.put(key, threads.submit(() -> seen(key, t)));
                }
            }
            Map<String, Map<String, LiveTarget>> envs = new HashMap<>();
            Map<TargetKey, String> unobservable = new LinkedHashMap<>();
            Set<TargetKey> missing = new LinkedHashSet<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (Environment env : fleet.environments()) {
                Map<String, LiveTarget> targets = new HashMap<>();
                for (Target t : env.targets()) {
                    TargetKey key = TargetKey.of(env, t);
                    answer(key, asked.get(key), deadline, missing, unobservable).ifPresent(l -> targets.put(t.name(), l));
                }
                envs.put(env.name(), targets);
            }
            return new Observation(new LiveFleet(Optional.of(clock.instant()), envs), missing, unobservable);
        } finally {
            threads.shutdownNow(); // not close(): it would wait for a target that never answers
        }
    }

    private Seen seen(TargetKey key, Target t) throws IOException {
        Optional<TargetDriver.Observed> o = drivers.apply(t).observe(t);
        return new Seen(o, o.isPresent() && stores.apply(t).peek(key).isPresent());
    }

    private Optional<LiveTarget> answer(TargetKey key, Future<Seen> asked, long deadline, Set<TargetKey> missing,
                                        Map<TargetKey, String> unknown) {
        try {
            Seen s = asked.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s.observed().isEmpty()) {
                missing.add(key);
                return Optional.empty();
            }
            TargetDriver.Observed o = s.observed().get();
            Version v = o.version().orElse(o.lowest());
            Instant at = sinceOf(key, v + "/" + o.health());
            return Optional.of(new LiveTarget(key.environment(), key.target(), v, o.health(), at, s.upgrading(), Optional.of(o.mode()), List.of(),
                    Optional.of(o.messageQueue()), o.layout()));
        } catch (ExecutionException e) {
            unknown.put(key, Failures.describe(e.getCause()));
        } catch (TimeoutException e) {
            asked.cancel(true);
            unknown.put(key, "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unknown.put(key, "interrupted");
        }
        return Optional.empty();
    }

    private synchronized Instant sinceOf(TargetKey key, String state) {
        Map.Entry<String, Instant> e = since.get(key);
        if (e == null || !e.getKey().equals(state)) {
            e = Map.entry(state, clock.instant());
            since.put(key, e);
        }
        return e.getValue();
    }
}
