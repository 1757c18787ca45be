package io.milvusgitops.simulator.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.milvusgitops.simulator.kube.Cluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The Milvus Operator's {@code MilvusUpgrade} controller (the 2.1 -> 2.2 metadata migration), state by state, with
 * its spellings ({@code BakupMetaFailed}, {@code RollbackedSucceeded}):
 * <pre>
 *   "" -> OldVersionStopping (replicas to 0, stopped-at, {@code stopSettle}) -> BackupMeta (pod backup-meta)
 *      -> UpdatingMeta (pod update-meta) -> NewVersionStarting (target image, replicas back) -> Succeeded
 *   BackupMeta fails: BakupMetaFailed, retried up to maxRetry, then the failed branch
 *   UpdatingMeta fails: UpdateMetaFailed -> the failed branch
 *   failed branch: rollbackIfFailed ? rollback : stay (Milvus stays stopped)
 *   rollback (also spec.operation: rollback): RollbackNewVersionStopping -> RollbackRestoringOldMeta (pod rollback-meta,
 *      only when the backup was taken) -> RollbackOldVersionStarting (source image, replicas back) -> RollbackedSucceeded;
 *      rollback-meta fails: RollbackFailed (Milvus stays stopped)
 * </pre>
 * The condition {@code Upgraded} (or {@code Rollbacked} while rolling back) is True only in the success states.
 * Succeeded does not wait for Milvus to be healthy. Task Pods succeed or fail as the test decides.
 */
final class SimulatedMilvusUpgrade {

    static final String STOPPED_AT = "milvus.io/stopped-at";
    private static final Set<String> TERMINAL = Set.of("Succeeded", "RollbackedSucceeded", "RollbackFailed");

    private final Cluster cluster;
    private final Clock clock;
    private final Duration stopSettle;
    private final MilvusMetadata metadata;
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    SimulatedMilvusUpgrade(Cluster cluster, Clock clock, Duration stopSettle, MilvusMetadata metadata) {
        this.cluster = cluster;
        this.clock = clock;
        this.stopSettle = stopSettle;
        this.metadata = metadata;
    }

    void failTasks(String kind, boolean fail) {
        failing.put(kind, fail);
    }

    void reconcile(ObjectNode u) {
        String ns = u.path("metadata").path("namespace").asText();
        String name = u.path("metadata").path("name").asText();
        ObjectNode st = u.get("status") instanceof ObjectNode s ? s.deepCopy() : SimulatedOperator.JSON.objectNode();
        String state = st.path("state").asText("");
        boolean rollback = st.path("isRollbacking").asBoolean(false) || "rollback".equals(u.path("spec").path("operation").asText());
        if (rollback && !state.startsWith("Rollback") && !state.equals("RollbackedSucceeded")) {
            st.put("isRollbacking", true);
            state = "RollbackNewVersionStopping";
        } else if (state.isEmpty()) {
            state = "OldVersionStopping";
        }
        String milvusNs = u.path("spec").path("milvus").path("namespace").asText(ns);
        String milvusName = u.path("spec").path("milvus").path("name").asText();
        String message = "";
        for (int guard = 0; guard < 10 && !TERMINAL.contains(state); guard++) {
            Optional<ObjectNode> milvus = cluster.get(SimulatedOperator.API, "Milvus", milvusNs, milvusName);
            if (milvus.isEmpty()) {
                message = "get milvus failed";
                break;
            }
            Optional<String> next = step(state, u, st, milvus.get(), ns, name);
            if (next.isEmpty()) break;
            state = next.get();
        }
        st.put("state", state);
        boolean rollingBack = st.path("isRollbacking").asBoolean(false);
        String type = rollingBack ? "Rollbacked" : "Upgraded";
        boolean ok = state.equals("Succeeded") || state.equals("RollbackedSucceeded");
        ArrayNode conditions = st.get("conditions") instanceof ArrayNode a ? a : st.putArray("conditions");
        String status = ok ? "True" : "False";
        // meta.SetStatusCondition: lastTransitionTime moves only when the status flips.
        String since = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if (!conditions.get(i).path("type").asText().equals(type)) continue;
            if (conditions.get(i).path("status").asText().equals(status)) since = conditions.get(i).path("lastTransitionTime").asText(since);
            conditions.remove(i);
        }
        conditions.addObject().put("type", type).put("status", status).put("reason", state).put("message", message).put("lastTransitionTime", since);
        cluster.updateStatus(SimulatedOperator.API, "MilvusUpgrade", ns, name, o -> {
            o.set("status", st);
            return o;
        });
    }

    /** One state's handler: the next state to go on to in this same reconcile, or empty to wait. */
    private Optional<String> step(String state, ObjectNode u, ObjectNode st, ObjectNode milvus, String ns, String name) {
        return switch (state) {
            case "OldVersionStopping" -> {
                if (!allStopped(milvus)) {
                    if (!st.has("sourceImage")) {
                        st.put("sourceImage", milvus.path("spec").path("components").path("image").asText());
                        ObjectNode before = st.putObject("replicasBeforeUprade");
                        for (String c : MilvusTopology.components(milvus.path("spec"))) before.put(MilvusTopology.field(c), MilvusDefaults.replicas(milvus.path("spec"), c));
                    }
                    stop(milvus);
                    yield Optional.empty();
                }
                yield stopped(milvus) ? Optional.of("BackupMeta") : Optional.empty();
            }
            case "BackupMeta" -> task(u, ns, name, "backup-meta").map(ok -> {
                if (ok) st.put("metaBackuped", true);
                return ok ? "UpdatingMeta" : "BakupMetaFailed";
            });
            case "BakupMetaFailed" -> {
                int retried = st.path("retriedTimes").asInt(0);
                if (retried + 1 > u.path("spec").path("maxRetry").asInt(3)) yield failedBranch(u, st);
                cluster.delete("v1", "Pod", ns, name + "-backup-meta");
                st.put("retriedTimes", retried + 1);
                yield Optional.of("BackupMeta");
            }
            case "UpdatingMeta" -> {
                st.put("metaStorageChanged", true);
                yield task(u, ns, name, "update-meta").map(ok -> ok ? "NewVersionStarting" : "UpdateMetaFailed");
            }
            case "UpdateMetaFailed" -> failedBranch(u, st);
            case "NewVersionStarting" -> {
                start(milvus, u.path("spec").path("targetImage").asText(), st);
                yield Optional.of("Succeeded");
            }
            case "RollbackNewVersionStopping" -> {
                if (!allStopped(milvus)) {
                    stop(milvus);
                    yield Optional.empty();
                }
                yield stopped(milvus) ? Optional.of("RollbackRestoringOldMeta") : Optional.empty();
            }
            case "RollbackRestoringOldMeta" -> {
                if (!st.path("metaBackuped").asBoolean(false)) yield Optional.of("RollbackOldVersionStarting");
                yield task(u, ns, name, "rollback-meta").map(ok -> ok ? "RollbackOldVersionStarting" : "RollbackFailed");
            }
            case "RollbackOldVersionStarting" -> {
                start(milvus, st.path("sourceImage").asText(milvus.path("spec").path("components").path("image").asText()), st);
                yield Optional.of("RollbackedSucceeded");
            }
            default -> Optional.empty(); // BakupMetaFailed/UpdateMetaFailed without rollback, and the terminal states, stay
        };
    }

    /** A failed upgrade rolls back with {@code rollbackIfFailed}; without it the failed state is where it stays (Milvus stopped). */
    private static Optional<String> failedBranch(ObjectNode u, ObjectNode st) {
        if (!u.path("spec").path("rollbackIfFailed").asBoolean(true)) return Optional.empty();
        st.put("isRollbacking", true);
        return Optional.of("RollbackNewVersionStopping");
    }

    /**
     * The task Pod {@code <upgrade>-<kind>}: created if absent (empty: wait), then Succeeded or Failed as the test wants.
     * A Pod the simulated kubelet does not run: the operator's tasks end on the next reconcile.
     */
    private Optional<Boolean> task(ObjectNode u, String ns, String name, String kind) {
        String pod = name + "-" + kind;
        Optional<ObjectNode> existing = cluster.get("v1", "Pod", ns, pod);
        if (existing.isEmpty()) {
            ObjectNode p = SimulatedOperator.JSON.objectNode().put("apiVersion", "v1").put("kind", "Pod");
            ObjectNode md = p.putObject("metadata").put("name", pod).put("namespace", ns);
            md.putObject("labels").put("milvus.io/upgrade", name).put("milvus.io/task-kind", kind)
                    .put("app.kubernetes.io/managed-by", "milvus-operator");
            md.putArray("ownerReferences").addObject().put("apiVersion", SimulatedOperator.API).put("kind", "MilvusUpgrade").put("name", name)
                    .put("uid", u.path("metadata").path("uid").asText()).put("controller", true);
            ObjectNode spec = p.putObject("spec").put("restartPolicy", "Never");
            spec.putArray("containers").addObject().put("name", "meta-migration").put("image", u.path("spec").path("toolImage").asText());
            cluster.create(p);
            cluster.updateStatus("v1", "Pod", ns, pod, o -> {
                o.putObject("status").put("phase", "Running");
                return o;
            });
            return Optional.empty();
        }
        String phase = existing.get().path("status").path("phase").asText();
        if (phase.equals("Running")) {
            boolean fail = failing.getOrDefault(kind, false);
            migrate(u, kind, fail);
            cluster.updateStatus("v1", "Pod", ns, pod, o -> {
                o.putObject("status").put("phase", fail ? "Failed" : "Succeeded");
                return o;
            });
            return Optional.empty();
        }
        return Optional.of(phase.equals("Succeeded"));
    }

    /**
     * What the tool does to the metadata (under the resource's root path: {@code spec.config.etcd.rootPath}, else its
     * name): update-meta rewrites it ({@code meta/migrated-by}), or leaves it half rewritten when it fails;
     * rollback-meta puts the backup back (both gone); backup-meta only reads.
     */
    private void migrate(ObjectNode u, String kind, boolean fail) {
        String milvusNs = u.path("spec").path("milvus").path("namespace").asText(u.path("metadata").path("namespace").asText());
        String milvusName = u.path("spec").path("milvus").path("name").asText();
        String root = cluster.get(SimulatedOperator.API, "Milvus", milvusNs, milvusName)
                .map(m -> m.path("spec").path("config").path("etcd").path("rootPath").asText(milvusName)).orElse(milvusName);
        try {
            switch (kind) {
                case "update-meta" -> metadata.put(root + (fail ? "/meta/partially-migrated" : "/meta/migrated-by"), fail ? "garbage"
                        : u.path("metadata").path("name").asText());
                case "rollback-meta" -> {
                    if (fail) return;
                    metadata.delete(root + "/meta/migrated-by");
                    metadata.delete(root + "/meta/partially-migrated");
                }
                default -> { }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // etcd unreachable: the real tool would fail too; the next tick retries nothing (the Pod's outcome stands)
        }
    }

    private boolean allStopped(ObjectNode milvus) {
        return MilvusTopology.components(milvus.path("spec")).stream().allMatch(c -> MilvusDefaults.replicas(milvus.path("spec"), c) == 0);
    }

    /**
     * Stopped for long enough: every Deployment at 0 (spec and status), then the annotation {@value #STOPPED_AT} written
     * and {@code stopSettle} waited.
     */
    private boolean stopped(ObjectNode milvus) {
        String ns = milvus.path("metadata").path("namespace").asText();
        String name = milvus.path("metadata").path("name").asText();
        JsonNode at = milvus.path("metadata").path("annotations").path(STOPPED_AT);
        if (!at.isMissingNode()) return !clock.instant().isBefore(Instant.parse(at.asText()).plus(stopSettle));
        boolean zero = cluster.list(SimulatedOperator.APPS, "Deployment", ns, "app.kubernetes.io/instance=" + name).stream()
                .allMatch(d -> d.path("spec").path("replicas").asInt() == 0 && d.path("status").path("replicas").asInt(0) == 0);
        if (zero) {
            cluster.update(SimulatedOperator.API, "Milvus", ns, name, m -> {
                md(m).put(STOPPED_AT, clock.instant().toString());
                return m;
            });
        }
        return false;
    }

    private void stop(ObjectNode milvus) {
        cluster.update(SimulatedOperator.API, "Milvus", milvus.path("metadata").path("namespace").asText(), milvus.path("metadata").path("name").asText(),
                m -> {
                    ObjectNode components = (ObjectNode) m.path("spec").path("components");
                    for (String c : MilvusTopology.components(m.path("spec"))) {
                        String field = MilvusTopology.field(c);
                        (components.get(field) instanceof ObjectNode o ? o : components.putObject(field)).put("replicas", 0);
                    }
                    return m;
                });
    }

    /** The image set, every component's replicas back as before the stop, the stopped-at annotation gone. */
    private void start(ObjectNode milvus, String image, ObjectNode st) {
        JsonNode before = st.path("replicasBeforeUprade");
        cluster.update(SimulatedOperator.API, "Milvus", milvus.path("metadata").path("namespace").asText(), milvus.path("metadata").path("name").asText(),
                m -> {
                    ObjectNode components = (ObjectNode) m.path("spec").path("components");
                    if (!image.isEmpty()) components.put("image", image);
                    for (String field : List.copyOf(fieldNames(before))) {
                        (components.get(field) instanceof ObjectNode o ? o : components.putObject(field)).put("replicas", before.path(field).asInt(1));
                    }
                    md(m).remove(STOPPED_AT);
                    return m;
                });
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static ObjectNode md(ObjectNode m) {
        ObjectNode md = (ObjectNode) m.path("metadata");
        return md.get("annotations") instanceof ObjectNode a ? a : md.putObject("annotations");
    }
}
