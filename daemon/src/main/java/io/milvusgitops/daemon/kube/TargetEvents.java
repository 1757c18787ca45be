package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.daemon.safety.Redaction;
import io.milvusgitops.policy.fleet.TargetKey;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events beside each Kubernetes target, so that {@code kubectl get events -n milvus} shows
 * the upgrade next to the pods it rolls: one Event per audit-log line (plan, step done, step failed,
 * completed, rolled back, superseded), about the ConfigMap that holds the upgrade record. Sent on a
 * bounded background thread: an API server that does not answer never holds an upgrade.
 */
public final class TargetEvents implements Consumer<AuditLog.Entry>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetEvents.class);

    /** Where a target's Events go: its cluster and namespace. */
    public record Place(KubernetesClient client, String namespace) {
    }

    private final Function<TargetKey, Optional<Place>> places;
    private final Clock clock;
    private final String instance;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(512), r -> {
        Thread t = new Thread(r, "kube-events");
        t.setDaemon(true);
        return t;
    }, (task, pool) -> LOG.warn("event queue full: a Kubernetes Event was dropped"));

    /** {@code places} maps a target to its place, empty for targets outside Kubernetes. */
    public TargetEvents(Function<TargetKey, Optional<Place>> places, Clock clock, String instance) {
        this.places = places;
        this.clock = clock;
        this.instance = instance;
    }

    @Override
    public void accept(AuditLog.Entry e) {
        e.event().reason().ifPresent(reason -> sender.execute(() -> places.apply(e.target()).ifPresent(p -> emit(p, reason, e))));
    }

    private void emit(Place p, String reason, AuditLog.Entry e) {
        String now = clock.instant().toString();
        String object = ConfigMapStateStore.name(e.target());
        try {
            p.client().v1().events().inNamespace(p.namespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(object + "." + UUID.randomUUID().toString().substring(0, 8)).withNamespace(p.namespace())
                    .addToLabels("app.kubernetes.io/managed-by", "milvus-gitops").endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("ConfigMap").withName(object).withNamespace(p.namespace()).endInvolvedObject()
                    .withReason(reason)
                    .withType(e.event().warning() ? "Warning" : "Normal")
                    .withMessage(trim(Redaction.redact(e.target() + ": " + e.outcome() + " (commit " + e.commit() + ", plan " + e.plan() + ")")))
                    .withNewSource().withComponent("milvus-gitops").withHost(instance).endSource()
                    .withReportingComponent("milvus-gitops").withReportingInstance(instance)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build()).create();
        } catch (RuntimeException ex) {
            LOG.warn("cannot record the Event {} of {} in {}: {}", reason, e.target(), p.namespace(), Failures.describe(ex));
        }
    }

    /** The API server refuses Event messages over 1 KiB. */
    private static String trim(String s) {
        return s.length() <= 1024 ? s : s.substring(0, 1021) + "...";
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
