package io.milvusgitops.daemon.testing;

import io.milvusgitops.simulator.controllers.MilvusMetadata;
import io.milvusgitops.simulator.controllers.SimulatedKubelet;
import io.milvusgitops.simulator.kube.ApiServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Simulated kubelets on the real clock, ticking in a background thread: for clients that wait in real time
 * ({@code kubectl rollout status}, a script), where a test clock cannot be advanced for them.
 */
public final class RealTimeKubelets implements AutoCloseable {

    private final ApiServer api;
    private final Duration rolloutTime;
    private final List<SimulatedKubelet> kubelets = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-kubelet");
        t.setDaemon(true);
        return t;
    });

    /** Every Deployment rollout takes {@code rolloutTime}; statuses move every {@code tick}. */
    public RealTimeKubelets(ApiServer api, Duration rolloutTime, Duration tick) {
        this.api = api;
        this.rolloutTime = rolloutTime;
        ticker.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A kubelet for {@code namespace}, its Milvus sessions kept in memory. */
    public SimulatedKubelet in(String namespace) {
        SimulatedKubelet k = new SimulatedKubelet(api, namespace, Clock.systemUTC(), d -> { }, rolloutTime, MilvusMetadata.inMemory(), "by-dev");
        kubelets.add(k);
        return k;
    }

    private void tick() {
        for (SimulatedKubelet k : kubelets) {
            try {
                k.tick(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // The next tick tries again, as a kubelet would.
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
