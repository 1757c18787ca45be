package io.milvusgitops.daemon.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs a hop's steps against a driver on the real clock, as the daemon does when a watch sees the target's
 * Deployments change: a step in progress is called again at the next change of a Deployment in the namespace,
 * or when its recheck is due, whichever comes first. With a {@code debounce}, a change is acted on that long after it
 * came (the daemon gathers a burst of watched changes into one pass a second later: {@code PassScheduler.liveChanged}).
 */
public final class RealTimeSteps {

    private RealTimeSteps() {
    }

    public static Run run(KubernetesClient client, TargetDriver driver, Target target, String namespace, Hop hop, List<Step> steps)
            throws InterruptedException {
        return run(client, driver, target, namespace, hop, steps, Duration.ZERO);
    }

    public static Run run(KubernetesClient client, TargetDriver driver, Target target, String namespace, Hop hop, List<Step> steps,
                          Duration debounce) throws InterruptedException {
        return timed(client, driver, target, namespace, hop, steps, debounce).run();
    }

    /** The outcomes, and how long each step took from its first call to its last answer. */
    public record Timed(Run run, List<Duration> took) {
    }

    public static Timed timed(KubernetesClient client, TargetDriver driver, Target target, String namespace, Hop hop, List<Step> steps,
                              Duration debounce) throws InterruptedException {
        List<Duration> took = new ArrayList<>();
        Semaphore changed = new Semaphore(0);
        List<StepOutcome> out = new ArrayList<>();
        try (Watch w = client.apps().deployments().inNamespace(namespace).watch(new Watcher<Deployment>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (action != Action.BOOKMARK) changed.release();
            }

            @Override
            public void onClose(WatcherException e) {
                changed.release();
            }
        })) {
            for (int i = 0; i < steps.size(); i++) {
                StepContext ctx = new StepContext(target, hop, i, "plan-1", Instant.now(), Duration.ofMinutes(5));
                StepOutcome o;
                changed.drainPermits();
                long t0 = System.nanoTime();
                while ((o = driver.execute(ctx, steps.get(i))) instanceof StepOutcome.InProgress p) {
                    // At least one change after this look, then the burst that came with it.
                    if (changed.tryAcquire(p.recheckAfter().toMillis(), TimeUnit.MILLISECONDS) && !debounce.isZero()) {
                        Thread.sleep(debounce.toMillis());
                    }
                    changed.drainPermits();
                }
                took.add(Duration.ofNanos(System.nanoTime() - t0));
                out.add(o);
                if (o instanceof StepOutcome.Failed) break;
            }
        }
        return new Timed(new Run(out), took);
    }
}
