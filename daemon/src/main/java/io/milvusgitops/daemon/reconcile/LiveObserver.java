package io.milvusgitops.daemon.reconcile;

import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.version.Version;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What runs, for every target of a fleet, through the drivers: the live side of a plan. Used by every
 * reconcile pass and by {@code plan} and {@code status} when no live snapshot is given. A target that
 * is not found, or cannot be observed, is left out of the live fleet (the policy then holds it back: its
 * state is unknown); the reason is kept in the {@link Observation}.
 */
public final class LiveObserver {

    /**
     * The live fleet; the targets ("environment/target") not found where the fleet says; and those that
     * could not be observed, with the reason (an unreachable cluster).
     */
    public record Observation(LiveFleet live, List<String> missing, Map<String, String> unobservable) {
    }

    /** How long a pass waits for the live state of a target. */
    static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(20);

    private final Function<Target, TargetDriver> drivers;
    private final Function<Target, StateStore> stores;
    private final Clock clock;
    /** Since when each target has shown its current version and health: the soak clock of promotion gates. */
    private final Map<String, Map.Entry<String, Instant>> since = new HashMap<>();

    public LiveObserver(Function<Target, TargetDriver> drivers, Function<Target, StateStore> stores, Clock clock) {
        this.drivers = drivers;
        this.stores = stores;
        this.clock = clock;
    }

    /**
     * Observes every target at once (one virtual thread each), so that an unreachable cluster costs the
     * pass one timeout, not one per target; a target not answered within {@link #TIMEOUT} is unobservable.
     */
    public Observation observe(Fleet fleet) {
        Map<String, java.util.concurrent.Future<Optional<TargetDriver.Observed>>> asked = new LinkedHashMap<>();
        Map<String, Boolean> upgrading = new java.util.concurrent.ConcurrentHashMap<>();
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (Environment env : fleet.environments()) {
                for (Target t : env.targets()) {
                    String key = FleetReconciler.key(env, t);
                    asked.put(key, threads.submit(() -> {
                        Optional<TargetDriver.Observed> o = drivers.apply(t).observe(t);
                        if (o.isPresent()) upgrading.put(key, stores.apply(t).peek(key).isPresent());
                        return o;
                    }));
                }
            }
            Map<String, Map<String, LiveTarget>> envs = new HashMap<>();
            Map<String, String> unobservable = new LinkedHashMap<>();
            List<String> missing = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (Environment env : fleet.environments()) {
                Map<String, LiveTarget> targets = new HashMap<>();
                for (Target t : env.targets()) {
                    String key = FleetReconciler.key(env, t);
                    try {
                        Optional<TargetDriver.Observed> o = asked.get(key).get(Math.max(0, deadline - System.nanoTime()),
                                java.util.concurrent.TimeUnit.NANOSECONDS);
                        if (o.isEmpty()) {
                            missing.add(key);
                            continue;
                        }
                        Version v = o.get().version().orElse(o.get().lowest());
                        Instant at = sinceOf(key, v + "/" + o.get().health());
                        targets.put(t.name(), new LiveTarget(env.name(), t.name(), v, o.get().health(), at, upgrading.getOrDefault(key, false),
                                Optional.empty(), List.of()));
                    } catch (java.util.concurrent.ExecutionException e) {
                        unobservable.put(key, withCause(e.getCause()));
                    } catch (java.util.concurrent.TimeoutException e) {
                        asked.get(key).cancel(true);
                        unobservable.put(key, "no answer within " + TIMEOUT.toSeconds() + " s");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        unobservable.put(key, "interrupted");
                    }
                }
                envs.put(env.name(), targets);
            }
            return new Observation(new LiveFleet(Optional.of(clock.instant()), envs), missing, unobservable);
        } finally {
            threads.shutdownNow(); // not close(): it would wait for a target that never answers
        }
    }

    private synchronized Instant sinceOf(String key, String state) {
        Map.Entry<String, Instant> e = since.get(key);
        if (e == null || !e.getKey().equals(state)) {
            e = Map.entry(state, clock.instant());
            since.put(key, e);
        }
        return e.getValue();
    }

    /** Client exceptions say "failed." and keep the reason (an unknown host, a refused connection) in their cause. */
    static String withCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == e ? e.toString() : e + " (" + root + ")";
    }
}
