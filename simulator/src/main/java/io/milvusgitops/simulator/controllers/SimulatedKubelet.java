package io.milvusgitops.simulator.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.KV;
import io.milvusgitops.simulator.kube.ApiServer;
import io.milvusgitops.simulator.kube.Cluster;
import io.milvusgitops.simulator.milvus.MilvusAnswers;
import io.milvusgitops.simulator.milvus.MilvusPods;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Plays the controllers a real cluster runs in one namespace, one {@link #tick} at a time, against a clock (the
 * test's, or the real one): the Deployment controller (a ReplicaSet per pod template, rolled out over
 * {@code rolloutTime}, status as {@code kubectl rollout status} reads it), the ReplicaSet and StatefulSet
 * controllers and the kubelet (pods that run, or crash-loop when their image tag is marked bad), and the Job
 * controller (Jobs succeed, or fail when told to). Running Milvus components hold session keys in the REAL
 * etcd ({@code <root>/meta/session/}), so "no live session" is checked for real, and answer {@code /healthz}
 * behind the API server's service proxy (the release's Services).
 */
public final class SimulatedKubelet {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String APPS = "apps/v1";

    private final ApiServer api;
    private final Cluster cluster;
    private final String namespace;
    private final Clock clock;
    private final Consumer<Duration> advance;
    private final Duration rolloutTime;
    private final MilvusMetadata etcd;
    private final String rootPath;
    private final Set<String> badTags = new HashSet<>();
    private final Set<String> sickReleases = new HashSet<>();
    /** The session keys written for running Deployments: a Deployment deleted takes its processes, and their sessions expire. */
    private final Map<String, String> sessionKeys = new HashMap<>();
    /** When each Deployment's current rollout began (its generation first seen). */
    private final Map<String, Instant> rolloutStarted = new HashMap<>();
    private boolean failJobs;
    /** The gRPC ports of the Milvus pods this kubelet runs: what a port-forward to 19530 reaches. */
    private final MilvusPods milvus;

    /**
     * {@code advance} moves {@code clock} on each {@link #tick}: a test clock's {@code advance}, or nothing where the
     * clock is the real one (the demo). Sessions go under {@code rootPath} in {@code etcd}.
     */
    public SimulatedKubelet(ApiServer api, String namespace, Clock clock, Consumer<Duration> advance, Duration rolloutTime, KV etcd,
                            String rootPath) {
        this(api, namespace, clock, advance, rolloutTime, MilvusMetadata.etcd(etcd), rootPath);
    }

    /** With the sessions and migration markers written to {@code metadata}. */
    public SimulatedKubelet(ApiServer api, String namespace, Clock clock, Consumer<Duration> advance, Duration rolloutTime, MilvusMetadata metadata,
                            String rootPath) {
        this.api = api;
        this.cluster = api.cluster();
        this.namespace = namespace;
        this.clock = clock;
        this.advance = advance;
        this.rolloutTime = rolloutTime;
        this.etcd = metadata;
        this.rootPath = rootPath;
        this.milvus = new MilvusPods(cluster, namespace);
        cluster.namespace(namespace);
        api.podPorts(namespace, (ns, pod, port) -> milvus.backend(pod, port));
    }

    /** Pods of this image tag crash-loop: scheduled, never ready. */
    public synchronized void markBad(String tag) {
        badTags.add(tag);
    }

    public synchronized void failJobs(boolean fail) {
        failJobs = fail;
    }

    /** Milvus of this release answers /healthz with an error although its pods are ready. */
    public synchronized void sick(String release, boolean sick) {
        if (sick) sickReleases.add(release);
        else sickReleases.remove(release);
    }

    /**
     * What the Milvus of this release (or Milvus resource) answers through its SDK beyond the version its pods run:
     * tests turn it wrong (another version, unhealthy, no answer) or give it a collection to read.
     */
    public MilvusAnswers milvus(String release) {
        return milvus.answers(release);
    }

    /** Advances the clock by {@code step} and moves every status once. */
    public synchronized void tick(Duration step) throws InterruptedException, ExecutionException {
        advance.accept(step);
        // A release answers healthy when every Deployment it runs is ready; one scaled to zero (the operator's idle
        // querynode, a standalone beside a cluster) runs nothing and has no say, but a release must run something.
        Map<String, Integer> active = new HashMap<>();
        Map<String, Integer> readyOnes = new HashMap<>();
        Set<String> liveDeployments = new HashSet<>();
        for (ObjectNode d : cluster.list(APPS, "Deployment", namespace, "")) {
            boolean ready = deployment(d);
            liveDeployments.add(name(d));
            String release = label(d, "app.kubernetes.io/instance");
            if (release.isEmpty() || !"milvus".equals(label(d, "app.kubernetes.io/name"))) continue;
            active.putIfAbsent(release, 0);
            if (d.path("spec").path("replicas").asInt(1) == 0) continue;
            active.merge(release, 1, Integer::sum);
            if (ready) readyOnes.merge(release, 1, Integer::sum);
        }
        expireSessions(liveDeployments);
        // Milvus answers /healthz (port 9091) behind the Services the chart made for it (<fullname>, <fullname>-...).
        active.forEach((release, running) -> {
            boolean ready = running > 0 && readyOnes.getOrDefault(release, 0).equals(running);
            for (ObjectNode svc : cluster.list("v1", "Service", namespace, "app.kubernetes.io/instance=" + release + ",app.kubernetes.io/name=milvus")) {
                api.healthz(namespace, name(svc), ready && !sickReleases.contains(release));
            }
        });
        milvus.retain(cluster.list("v1", "Pod", namespace, "").stream().map(SimulatedKubelet::name).collect(Collectors.toSet()));
        for (ObjectNode s : cluster.list(APPS, "StatefulSet", namespace, "")) statefulSet(s);
        for (ObjectNode j : cluster.list("batch/v1", "Job", namespace, "")) job(j);
    }

    /** Ticks {@code max} times. */
    public void settle(Duration step, int max) throws InterruptedException, ExecutionException {
        for (int i = 0; i < max; i++) tick(step);
    }

    /** Moves one Deployment's rollout; true when all its replicas are ready. */
    private boolean deployment(ObjectNode d) throws InterruptedException, ExecutionException {
        String name = name(d);
        long generation = d.path("metadata").path("generation").asLong(1);
        int replicas = d.path("spec").path("replicas").asInt(1);
        JsonNode status = d.path("status");
        if (status.path("observedGeneration").asLong(0) < generation) rolloutStarted.put(name, clock.instant());
        Instant started = rolloutStarted.getOrDefault(name, Instant.MIN);
        boolean done = started.equals(Instant.MIN) || !clock.instant().isBefore(started.plus(rolloutTime));
        String hash = templateHash(d.path("spec").path("template"));
        String image = d.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText();
        boolean bad = badTags.stream().anyMatch(t -> image.endsWith(":" + t));
        int ready;
        int updated;
        if (replicas == 0) {
            scaleReplicaSets(d, hash, 0, false);
            ready = 0;
            updated = 0;
        } else if (done) {
            scaleReplicaSets(d, hash, replicas, bad);
            ready = bad ? 0 : replicas;
            updated = replicas;
        } else {
            // Mid-rollout: the old pods still serve (a new Deployment has none), the new ones are not there yet.
            ready = status.has("readyReplicas") ? Math.min(status.path("readyReplicas").asInt(), replicas) : 0;
            updated = 0;
        }
        int finalReady = ready;
        int finalUpdated = updated;
        cluster.updateStatus(APPS, "Deployment", namespace, name, o -> {
            ObjectNode st = o.putObject("status");
            st.put("observedGeneration", generation).put("replicas", replicas).put("updatedReplicas", finalUpdated)
                    .put("readyReplicas", finalReady).put("availableReplicas", finalReady).put("unavailableReplicas", Math.max(0, replicas - finalReady));
            ArrayNode conditions = st.putArray("conditions");
            conditions.addObject().put("type", "Available").put("status", finalReady >= replicas ? "True" : "False")
                    .put("reason", finalReady >= replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable");
            // NewReplicaSetAvailable once the new pods are updated AND available: a crash-looping rollout keeps progressing.
            conditions.addObject().put("type", "Progressing").put("status", "True")
                    .put("reason", finalUpdated >= replicas && finalReady >= replicas ? "NewReplicaSetAvailable" : "ReplicaSetUpdated");
            return o;
        });
        sessions(d, replicas > 0 && ready > 0);
        return ready >= replicas && replicas > 0;
    }

    /** The ReplicaSet of the current template scaled to {@code replicas}, the others to zero; their pods follow. */
    private void scaleReplicaSets(ObjectNode d, String hash, int replicas, boolean crashing) {
        String current = name(d) + "-" + hash;
        if (cluster.get(APPS, "ReplicaSet", namespace, current).isEmpty()) {
            ObjectNode rs = JSON.objectNode().put("apiVersion", APPS).put("kind", "ReplicaSet");
            ObjectNode md = rs.putObject("metadata").put("name", current).put("namespace", namespace);
            md.set("labels", labelsWithHash(d.path("spec").path("template").path("metadata").path("labels"), hash));
            owner(md, d, "Deployment");
            ObjectNode spec = rs.putObject("spec").put("replicas", replicas);
            spec.putObject("selector").set("matchLabels", labelsWithHash(d.path("spec").path("selector").path("matchLabels"), hash));
            ObjectNode template = d.path("spec").path("template").deepCopy();
            (template.get("metadata") instanceof ObjectNode m ? m : template.putObject("metadata"))
                    .set("labels", labelsWithHash(template.path("metadata").path("labels"), hash));
            spec.set("template", template);
            cluster.create(rs);
        }
        for (ObjectNode rs : cluster.list(APPS, "ReplicaSet", namespace, "")) {
            if (!ownedBy(rs, d)) continue;
            int want = name(rs).equals(current) ? replicas : 0;
            cluster.update(APPS, "ReplicaSet", namespace, name(rs), o -> {
                ((ObjectNode) o.path("spec")).put("replicas", want);
                return o;
            });
            pods(rs, want, crashing && want > 0, false);
            cluster.updateStatus(APPS, "ReplicaSet", namespace, name(rs), o -> {
                o.putObject("status").put("replicas", want).put("readyReplicas", crashing ? 0 : want).put("availableReplicas", crashing ? 0 : want)
                        .put("observedGeneration", o.path("metadata").path("generation").asLong(1));
                return o;
            });
        }
    }

    private void statefulSet(ObjectNode s) {
        int replicas = s.path("spec").path("replicas").asInt(1);
        String revision = name(s) + "-" + templateHash(s.path("spec").path("template"));
        pods(s, replicas, false, true);
        cluster.updateStatus(APPS, "StatefulSet", namespace, name(s), o -> {
            o.putObject("status").put("observedGeneration", o.path("metadata").path("generation").asLong(1)).put("replicas", replicas)
                    .put("readyReplicas", replicas).put("currentReplicas", replicas).put("updatedReplicas", replicas).put("availableReplicas", replicas)
                    .put("currentRevision", revision).put("updateRevision", revision);
            return o;
        });
    }

    /** The owner's pods: {@code <rs>-<n>} (or {@code <sts>-<ordinal>}), running and ready, or crash-looping. */
    private void pods(ObjectNode owner, int replicas, boolean crashing, boolean ordinal) {
        JsonNode template = owner.path("spec").path("template");
        for (ObjectNode pod : cluster.list("v1", "Pod", namespace, "")) {
            if (ownedBy(pod, owner) && ordinal(pod) >= replicas) cluster.delete("v1", "Pod", namespace, name(pod));
        }
        for (int i = 0; i < replicas; i++) {
            String podName = name(owner) + "-" + (ordinal ? String.valueOf(i) : suffix(name(owner), i));
            if (cluster.get("v1", "Pod", namespace, podName).isEmpty()) {
                ObjectNode pod = JSON.objectNode().put("apiVersion", "v1").put("kind", "Pod");
                ObjectNode md = pod.putObject("metadata").put("name", podName).put("namespace", namespace);
                md.set("labels", template.path("metadata").path("labels").deepCopy());
                md.putObject("annotations").put("simulated.milvus-gitops.io/ordinal", i);
                owner(md, owner, owner.path("kind").asText());
                pod.set("spec", template.path("spec").deepCopy());
                cluster.create(pod);
            }
            int n = i;
            cluster.updateStatus("v1", "Pod", namespace, podName, o -> {
                o.set("status", podStatus(template, crashing, n));
                return o;
            });
        }
    }

    private static ObjectNode podStatus(JsonNode template, boolean crashing, int n) {
        ObjectNode st = JSON.objectNode().put("phase", "Running").put("podIP", "10.244.0." + (n + 10));
        st.putArray("conditions").addObject().put("type", "Ready").put("status", crashing ? "False" : "True");
        ArrayNode cs = st.putArray("containerStatuses");
        for (JsonNode c : template.path("spec").path("containers")) {
            ObjectNode s = cs.addObject().put("name", c.path("name").asText()).put("image", c.path("image").asText()).put("ready", !crashing)
                    .put("restartCount", crashing ? 5 : 0).put("started", !crashing);
            if (crashing) s.putObject("state").putObject("waiting").put("reason", "CrashLoopBackOff");
            else s.putObject("state").putObject("running");
        }
        return st;
    }

    /**
     * Runs a Job to its end. A chart's own Jobs (Pulsar's init Jobs: managed by Helm) just succeed; the others are the
     * upgrade's migration Jobs: they rewrite the metadata in etcd, or fail half-way when told to.
     */
    private void job(ObjectNode j) throws InterruptedException, ExecutionException {
        JsonNode st = j.path("status");
        if (st.has("succeeded") || st.has("failed")) return;
        boolean migration = !"Helm".equals(label(j, "app.kubernetes.io/managed-by"));
        boolean fail = migration && failJobs;
        if (fail) put(rootPath + "/meta/partially-migrated", "garbage"); // a failed migration leaves the metadata half rewritten
        else if (migration) put(rootPath + "/meta/migrated-by", name(j));
        cluster.updateStatus("batch/v1", "Job", namespace, name(j), o -> {
            ObjectNode s = o.putObject("status");
            s.put(fail ? "failed" : "succeeded", 1);
            s.putArray("conditions").addObject().put("type", fail ? "Failed" : "Complete").put("status", "True");
            return o;
        });
    }

    private void sessions(ObjectNode d, boolean running) throws InterruptedException, ExecutionException {
        // The chart labels the component "component", the operator "app.kubernetes.io/component".
        String component = label(d, "component").isEmpty() ? label(d, "app.kubernetes.io/component") : label(d, "component");
        if (component.isEmpty() || !"milvus".equals(label(d, "app.kubernetes.io/name"))) return;
        String key = sessionKey(component, name(d));
        if (running) {
            etcd.put(key, "{\"ServerName\":\"" + component + "\"}");
            sessionKeys.put(key, name(d));
        } else {
            etcd.delete(key);
            sessionKeys.remove(key);
        }
    }

    private String sessionKey(String component, String deployment) {
        return rootPath + "/meta/session/" + component + "-" + deployment;
    }

    /** The sessions of Deployments that are gone: their lease ran out with their last process. */
    private void expireSessions(Set<String> liveDeployments) throws InterruptedException, ExecutionException {
        for (Map.Entry<String, String> session : List.copyOf(sessionKeys.entrySet())) {
            String key = session.getKey();
            if (!liveDeployments.contains(session.getValue())) {
                etcd.delete(key);
                sessionKeys.remove(key);
            }
        }
    }

    private void put(String key, String value) throws InterruptedException, ExecutionException {
        etcd.put(key, value);
    }

    private static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    private static String label(JsonNode o, String key) {
        return o.path("metadata").path("labels").path(key).asText("");
    }

    private static int ordinal(JsonNode pod) {
        return pod.path("metadata").path("annotations").path("simulated.milvus-gitops.io/ordinal").asInt(0);
    }

    private static boolean ownedBy(JsonNode o, JsonNode owner) {
        String uid = owner.path("metadata").path("uid").asText();
        for (JsonNode r : o.path("metadata").path("ownerReferences")) if (uid.equals(r.path("uid").asText())) return true;
        return false;
    }

    private static void owner(ObjectNode md, JsonNode owner, String kind) {
        md.putArray("ownerReferences").addObject().put("apiVersion", owner.path("apiVersion").asText()).put("kind", kind)
                .put("name", name(owner)).put("uid", owner.path("metadata").path("uid").asText()).put("controller", true)
                .put("blockOwnerDeletion", true);
    }

    private static ObjectNode labelsWithHash(JsonNode labels, String hash) {
        ObjectNode out = labels.isObject() ? ((ObjectNode) labels).deepCopy() : JSON.objectNode();
        return out.put("pod-template-hash", hash);
    }

    /** The pod template's hash, as the Deployment controller names ReplicaSets by it (the hash label left out). */
    static String templateHash(JsonNode template) {
        ObjectNode t = template.deepCopy();
        if (t.path("metadata").path("labels") instanceof ObjectNode l) l.remove("pod-template-hash");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(t.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stable five-character pod suffix, as the ReplicaSet controller makes random ones. */
    private static String suffix(String owner, int i) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        int h = Math.abs((owner + "#" + i).hashCode());
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < 5; k++) {
            s.append(alphabet.charAt(h % alphabet.length()));
            h = h / alphabet.length() + 7 * k;
        }
        return s.toString();
    }
}
