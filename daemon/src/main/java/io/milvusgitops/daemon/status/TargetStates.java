package io.milvusgitops.daemon.status;

import io.milvusgitops.policy.fleet.TargetKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of every target as the last pass left it: owned here, read by the status API and the page,
 * and shown to the listeners (the metrics, the long-block watch) on every change.
 */
public final class TargetStates {

    /** Hears every report, with all targets' states as they are after it. */
    public interface Listener {
        void changed(TargetStatus changed, Collection<TargetStatus> all);

        /** This replica stopped leading: what it measured is no longer its to report. */
        default void forgotten() {
        }
    }

    private final Map<TargetKey, TargetStatus> latest = new ConcurrentSkipListMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void listen(Listener l) {
        listeners.add(l);
    }

    /** From the targets' lanes, at once: the listeners see one report after another. */
    public synchronized void report(TargetStatus s) {
        latest.put(s.target(), s);
        Collection<TargetStatus> all = List.copyOf(latest.values());
        listeners.forEach(l -> l.changed(s, all));
    }

    public List<TargetStatus> all() {
        return List.copyOf(latest.values());
    }

    public Optional<TargetStatus> get(TargetKey key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** The replica stopped leading: the new leader reports the targets now; a stale "halted" must not keep an alert on. */
    public synchronized void forget() {
        latest.clear();
        listeners.forEach(Listener::forgotten);
    }
}
