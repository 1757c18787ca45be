package io.milvusgitops.daemon.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How long the Deployments of a namespace spent rolling out, as the cluster shows it: the time during which at
 * least one of them had a spec its status had not caught up with (a new generation not observed, or replicas not
 * all updated and ready). Rollouts that overlap count once. The rest of a tool's run is the tool's own time.
 */
public final class RolloutMeter implements AutoCloseable {

    private final Watch watch;
    private final Set<String> rolling = new HashSet<>();
    private long since;
    private long total;
    private int rollouts;

    public RolloutMeter(KubernetesClient client, String namespace) {
        watch = client.apps().deployments().inNamespace(namespace).watch(new Watcher<Deployment>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (action == Action.BOOKMARK) return; // a resourceVersion only, no object
                seen(d.getMetadata().getName(), action != Action.DELETED && rollingOut(d));
            }

            @Override
            public void onClose(WatcherException e) {
            }
        });
    }

    static boolean rollingOut(Deployment d) {
        DeploymentStatus s = d.getStatus();
        int replicas = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
        if (s == null) return replicas > 0;
        return Objects.requireNonNullElse(s.getObservedGeneration(), 0L) < d.getMetadata().getGeneration()
                || Objects.requireNonNullElse(s.getUpdatedReplicas(), 0) < replicas || Objects.requireNonNullElse(s.getReadyReplicas(), 0) < replicas;
    }

    private synchronized void seen(String name, boolean rollingOut) {
        long now = System.nanoTime();
        if (rollingOut && rolling.add(name)) {
            rollouts++;
            if (rolling.size() == 1) since = now;
        } else if (!rollingOut && rolling.remove(name) && rolling.isEmpty()) {
            total += now - since;
        }
    }

    /** The time some rollout was under way since this meter started (one still running counts up to now). */
    public synchronized Duration rolloutTime() {
        return Duration.ofNanos(total + (rolling.isEmpty() ? 0 : System.nanoTime() - since));
    }

    /** How many rollouts began. */
    public synchronized int rollouts() {
        return rollouts;
    }

    @Override
    public void close() {
        watch.close();
    }
}
