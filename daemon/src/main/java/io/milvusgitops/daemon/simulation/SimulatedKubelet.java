package io.milvusgitops.daemon.simulation;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.DeleteOption;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.helm.ChartNames;
import io.milvusgitops.daemon.helm.HelmObserver;
import io.milvusgitops.daemon.kube.MilvusLabels;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Plays the controllers a real cluster runs, one {@link #tick} at a time, against a clock (the test's, or the real one):
 * a changed pod template rolls out over {@code rolloutTime}; an image whose tag is marked bad is
 * updated but never becomes ready (a crash loop); a Deployment scaled to zero has no ready pods;
 * Jobs succeed, or fail when told to. Running Milvus components hold session keys in the REAL etcd
 * (under {@code <root>/meta/session/}), so "no live session" is checked for real.
 */
public final class SimulatedKubelet {

    private final KubernetesClient client;
    private final KubeEmulator emulator;
    private final String namespace;
    private final Clock clock;
    private final Consumer<Duration> advance;
    private final Duration rolloutTime;
    private final KV etcd;
    private final String rootPath;
    private final Set<String> badTags = new HashSet<>();
    private final Map<String, Instant> rolloutStarted = new HashMap<>();
    private boolean failJobs;

    private final Set<String> sickReleases = new HashSet<>();

    /**
     * {@code advance} moves {@code clock} on each {@link #tick}: a test clock's {@code advance}, or nothing
     * where the clock is the real one (the demo).
     */
    public SimulatedKubelet(KubeEmulator emulator, String namespace, Clock clock, Consumer<Duration> advance, Duration rolloutTime, KV etcd,
                            String rootPath) {
        this.emulator = emulator;
        this.client = emulator.client();
        this.namespace = namespace;
        this.clock = clock;
        this.advance = advance;
        this.rolloutTime = rolloutTime;
        this.etcd = etcd;
        this.rootPath = rootPath;
    }

    /** Pods of this image tag crash-loop: updated, never ready. */
    public void markBad(String tag) {
        badTags.add(tag);
    }

    public void failJobs(boolean fail) {
        failJobs = fail;
    }

    /** Milvus of this release answers /healthz with an error although its pods are ready. */
    public void sick(String release, boolean sick) {
        if (sick) sickReleases.add(release); else sickReleases.remove(release);
    }

    /** Advances the clock by {@code step} and moves every status once. */
    public void tick(Duration step) throws Exception {
        advance.accept(step);
        Map<String, Boolean> releaseHealthy = new HashMap<>();
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            boolean ready = reconcile(d);
            String release = d.getMetadata().getLabels() == null ? null : d.getMetadata().getLabels().get(MilvusLabels.INSTANCE);
            if (release != null) releaseHealthy.merge(release, ready, Boolean::logicalAnd);
        }
        releaseHealthy.forEach((release, ready) -> emulator.healthz(namespace, ChartNames.fullname(release),
                ready && !sickReleases.contains(release)));
        for (Job j : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
            if (j.getStatus() == null || (j.getStatus().getSucceeded() == null && j.getStatus().getFailed() == null)) {
                JobStatus st = new JobStatus();
                if (failJobs) {
                    st.setFailed(1);
                    // A failed migration leaves the metadata half rewritten.
                    put(rootPath + "/meta/partially-migrated", "garbage");
                } else {
                    st.setSucceeded(1);
                    put(rootPath + "/meta/migrated-by", j.getMetadata().getName());
                }
                j.setStatus(st);
                client.batch().v1().jobs().inNamespace(namespace).resource(j).updateStatus();
            }
        }
    }

    /** Ticks until every Milvus rollout has settled, or {@code max} ticks. */
    public void settle(Duration step, int max) throws Exception {
        for (int i = 0; i < max; i++) tick(step);
    }

    /** Moves one Deployment's status; true when all its replicas are ready. */
    private boolean reconcile(Deployment d) throws Exception {
        String name = d.getMetadata().getName();
        long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        DeploymentStatus st = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        long observed = st.getObservedGeneration() == null ? 0 : st.getObservedGeneration();
        if (observed < generation) {
            rolloutStarted.put(name, clock.instant());
            st.setObservedGeneration(generation);
            st.setUpdatedReplicas(0);
        }
        Instant started = rolloutStarted.getOrDefault(name, Instant.MIN);
        boolean done = !clock.instant().isBefore(started.plus(rolloutTime)) || started.equals(Instant.MIN);
        String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        boolean bad = badTags.stream().anyMatch(t -> image.endsWith(":" + t));
        st.setReplicas(replicas);
        if (replicas == 0) {
            st.setUpdatedReplicas(0);
            st.setReadyReplicas(0);
            st.setAvailableReplicas(0);
        } else if (done) {
            st.setUpdatedReplicas(replicas);
            st.setReadyReplicas(bad ? 0 : replicas);
            st.setAvailableReplicas(bad ? 0 : replicas);
        }
        d.setStatus(st);
        client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        sessions(d, replicas > 0 && st.getReadyReplicas() != null && st.getReadyReplicas() > 0);
        return st.getReadyReplicas() != null && st.getReadyReplicas() >= replicas && replicas > 0;
    }

    private void sessions(Deployment d, boolean running) throws Exception {
        String component = d.getMetadata().getLabels() == null ? null : d.getMetadata().getLabels().get(MilvusLabels.COMPONENT);
        if (component == null || !"milvus".equals(d.getMetadata().getLabels().get(MilvusLabels.NAME))) return;
        String key = rootPath + "/meta/session/" + component + "-" + d.getMetadata().getName();
        if (running) {
            put(key, "{\"ServerName\":\"" + component + "\"}");
        } else {
            etcd.delete(ByteSequence.from(key, StandardCharsets.UTF_8), DeleteOption.DEFAULT).get();
        }
    }

    private void put(String key, String value) throws Exception {
        etcd.put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value, StandardCharsets.UTF_8)).get();
    }
}
