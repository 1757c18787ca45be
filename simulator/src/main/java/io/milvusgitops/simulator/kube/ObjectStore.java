package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The objects of the emulated cluster, as a real API server keeps them: one global resourceVersion
 * counter bumped by every change (never by a no-op write); {@code metadata.generation} bumped by spec
 * changes only; for kinds with a status subresource, {@code status} kept apart from writes to the object
 * and written only through {@code /status}; defaults filled in; owned objects deleted with their owner.
 * Every change is an event a watch can replay from a resourceVersion on. Reads hand out copies.
 */
final class ObjectStore {

    /** A change, as a watch sends it. */
    record Event(long resourceVersion, String type, String bucket, ObjectNode object) {
    }

    /** How many events a watch can replay; an older resourceVersion is 410 Gone, and clients list again. */
    static final int HISTORY = 20_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, TreeMap<String, ObjectNode>> buckets = new HashMap<>();
    private final Deque<Event> history = new ArrayDeque<>();
    private final Defaults defaults = new Defaults();
    private final Clock clock;
    private long resourceVersion = 100;

    ObjectStore(Clock clock) {
        this.clock = clock;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private TreeMap<String, ObjectNode> bucket(ResourceType t) {
        return buckets.computeIfAbsent(t.bucket(), b -> new TreeMap<>());
    }

    long resourceVersion() {
        lock.lock();
        try {
            return resourceVersion;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest resourceVersion a watch can start after. */
    long oldestReplayable() {
        lock.lock();
        try {
            return history.isEmpty() ? resourceVersion : history.peekFirst().resourceVersion() - 1;
        } finally {
            lock.unlock();
        }
    }

    Optional<ObjectNode> get(ResourceType t, String namespace, String name) {
        lock.lock();
        try {
            ObjectNode o = bucket(t).get(key(namespace, name));
            return o == null ? Optional.empty() : Optional.of(o.deepCopy());
        } finally {
            lock.unlock();
        }
    }

    /** Objects of {@code t} in {@code namespace} (every namespace when empty) that {@code filter} accepts, by namespace and name. */
    List<ObjectNode> list(ResourceType t, String namespace, Predicate<ObjectNode> filter) {
        lock.lock();
        try {
            List<ObjectNode> out = new ArrayList<>();
            for (ObjectNode o : bucket(t).values()) {
                if (!namespace.isEmpty() && !namespace.equals(o.path("metadata").path("namespace").asText())) continue;
                if (filter.test(o)) out.add(o.deepCopy());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    ObjectNode create(ResourceType t, String namespace, ObjectNode obj, boolean dryRun) {
        lock.lock();
        try {
            ObjectNode md = obj.get("metadata") instanceof ObjectNode m ? m : obj.putObject("metadata");
            if (!md.hasNonNull("name") || md.path("name").asText().isEmpty()) {
                if (md.hasNonNull("generateName")) {
                    md.put("name", md.path("generateName").asText() + UUID.randomUUID().toString().substring(0, 5));
                } else {
                    throw ApiException.invalid(t, "", "metadata.name: Required value: name or generateName is required");
                }
            }
            String name = md.path("name").asText();
            if (t.namespaced()) {
                if (md.hasNonNull("namespace") && !md.path("namespace").asText().equals(namespace)) {
                    throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
                }
                md.put("namespace", namespace);
                if (!bucket(Registry.NAMESPACE).containsKey(key("", namespace))) {
                    throw ApiException.notFound(Registry.NAMESPACE, namespace);
                }
            } else {
                md.remove("namespace");
            }
            if (bucket(t).containsKey(key(namespace, name))) throw ApiException.alreadyExists(t, name);
            md.put("uid", UUID.randomUUID().toString());
            md.put("creationTimestamp", now());
            md.put("generation", 1);
            if (t.statusSubresource() && !t.kind().equals("Pod") && !t.kind().equals("Namespace")) obj.remove("status");
            if (t.kind().equals("Namespace")) {
                obj.putObject("status").put("phase", "Active");
                (md.get("labels") instanceof ObjectNode l ? l : md.putObject("labels")).put("kubernetes.io/metadata.name", name);
            }
            defaults.apply(t, obj);
            t.schema().ifPresent(schema -> StructuralSchema.admit(t, obj, schema));
            if (dryRun) {
                md.put("resourceVersion", String.valueOf(resourceVersion));
                return obj;
            }
            md.put("resourceVersion", String.valueOf(++resourceVersion));
            bucket(t).put(key(namespace, name), obj.deepCopy());
            record("ADDED", t, obj);
            return obj;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the object with {@code candidate} (a PUT, or a patch's result): {@code statusOnly} writes only
     * its status; otherwise a kind with a status subresource keeps its status. Refuses a stale
     * resourceVersion (409). Returns the stored object; a write that changes nothing changes no version.
     */
    ObjectNode update(ResourceType t, String namespace, String name, ObjectNode candidate, boolean statusOnly, boolean dryRun) {
        lock.lock();
        try {
            ObjectNode old = bucket(t).get(key(namespace, name));
            if (old == null) throw ApiException.notFound(t, name);
            String wanted = candidate.path("metadata").path("resourceVersion").asText("");
            if (!wanted.isEmpty() && !wanted.equals(old.path("metadata").path("resourceVersion").asText())) throw ApiException.conflict(t, name);
            ObjectNode next;
            if (statusOnly) {
                next = old.deepCopy();
                if (candidate.has("status")) next.set("status", candidate.get("status").deepCopy());
                else next.remove("status");
            } else {
                next = candidate.deepCopy();
                ObjectNode md = next.get("metadata") instanceof ObjectNode m ? m : next.putObject("metadata");
                if (md.hasNonNull("name") && !md.path("name").asText().equals(name)) {
                    throw ApiException.badRequest("the name of the object (" + md.path("name").asText() + ") does not match the name on the URL ("
                            + name + ")");
                }
                for (String keep : List.of("name", "uid", "creationTimestamp", "namespace", "generation")) {
                    if (old.path("metadata").has(keep)) md.set(keep, old.path("metadata").get(keep));
                }
                if (t.statusSubresource() || t.kind().equals("Namespace")) {
                    if (old.has("status")) next.set("status", old.get("status").deepCopy());
                    else next.remove("status");
                }
                defaults.apply(t, next);
                if (!specOf(next).equals(specOf(old))) md.put("generation", old.path("metadata").path("generation").asLong(1) + 1);
            }
            ObjectNode admitted = next;
            t.schema().ifPresent(schema -> StructuralSchema.admit(t, admitted, schema));
            ((ObjectNode) next.get("metadata")).put("resourceVersion", old.path("metadata").path("resourceVersion").asText());
            if (next.equals(old) || dryRun) return next;
            ((ObjectNode) next.get("metadata")).put("resourceVersion", String.valueOf(++resourceVersion));
            bucket(t).put(key(namespace, name), next.deepCopy());
            record("MODIFIED", t, next);
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** Reads, changes and writes back in one step (the simulated controllers); empty when the object is gone. */
    Optional<ObjectNode> modify(ResourceType t, String namespace, String name, boolean statusOnly, UnaryOperator<ObjectNode> change) {
        lock.lock();
        try {
            ObjectNode old = bucket(t).get(key(namespace, name));
            if (old == null) return Optional.empty();
            ObjectNode next = change.apply(old.deepCopy());
            ((ObjectNode) next.path("metadata")).remove("resourceVersion");
            return Optional.of(update(t, namespace, name, next, statusOnly, false));
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the object and, as the garbage collector does, every object it owns. */
    ObjectNode delete(ResourceType t, String namespace, String name, boolean dryRun, Registry registry) {
        lock.lock();
        try {
            ObjectNode old = bucket(t).get(key(namespace, name));
            if (old == null) throw ApiException.notFound(t, name);
            if (dryRun) return old.deepCopy();
            remove(t, old, registry);
            return old.deepCopy();
        } finally {
            lock.unlock();
        }
    }

    private void remove(ResourceType t, ObjectNode old, Registry registry) {
        ObjectNode md = (ObjectNode) old.get("metadata");
        bucket(t).remove(key(md.path("namespace").asText(""), md.path("name").asText()));
        md.put("resourceVersion", String.valueOf(++resourceVersion));
        md.put("deletionTimestamp", now());
        record("DELETED", t, old);
        String uid = md.path("uid").asText();
        for (ResourceType other : registry.all()) {
            for (ObjectNode o : new ArrayList<>(bucket(other).values())) {
                if (ownedBy(o, uid)) remove(other, o, registry);
            }
        }
    }

    private static boolean ownedBy(ObjectNode o, String uid) {
        if (!(o.path("metadata").get("ownerReferences") instanceof ArrayNode refs)) return false;
        for (JsonNode r : refs) if (uid.equals(r.path("uid").asText())) return true;
        return false;
    }

    private void record(String type, ResourceType t, ObjectNode o) {
        history.addLast(new Event(resourceVersion, type, t.bucket(), o.deepCopy()));
        while (history.size() > HISTORY) history.removeFirst();
        changed.signalAll();
    }

    /** The events of {@code t} after {@code since}, waiting up to {@code maxWaitMillis} for one when there is none yet. */
    List<Event> eventsAfter(ResourceType t, long since, long maxWaitMillis) throws InterruptedException {
        lock.lock();
        try {
            List<Event> out = collect(t, since);
            long nanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
            while (out.isEmpty() && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
                out = collect(t, since);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private List<Event> collect(ResourceType t, long since) {
        List<Event> out = new ArrayList<>();
        for (Event e : history) {
            if (e.resourceVersion() > since && e.bucket().equals(t.bucket())) out.add(e);
        }
        return out;
    }

    /** What a spec change is: everything but metadata and status (a label or a status update bumps no generation). */
    private static JsonNode specOf(ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        copy.remove(List.of("metadata", "status", "apiVersion", "kind"));
        return copy;
    }

    String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
