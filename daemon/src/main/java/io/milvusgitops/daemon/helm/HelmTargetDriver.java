package io.milvusgitops.daemon.helm;

import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.kube.MilvusObserver;
import io.milvusgitops.daemon.kube.ObservedMilvus;
import io.milvusgitops.daemon.reconcile.TargetDriver;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.util.Optional;

/** The Helm driver as the reconciler sees it. */
public final class HelmTargetDriver implements TargetDriver {

    private final HelmDriver driver;
    private final MilvusObserver live;

    /** Observes through the driver's own, direct reads. */
    public HelmTargetDriver(HelmDriver driver) {
        this.driver = driver;
        this.live = null;
    }

    /** Observes through {@code live} (a watch-fed cache); steps still read directly, to see their own writes. */
    public HelmTargetDriver(HelmDriver driver, MilvusObserver live) {
        this.driver = driver;
        this.live = live;
    }

    @Override
    public Optional<Observed> observe(Target target) throws IOException {
        if (!(target.location() instanceof Location.HelmRelease where)) return Optional.empty();
        ObservedMilvus m = live == null ? driver.observe(where) : live.observe(where.namespace(), where.release());
        if (m.components().isEmpty()) return Optional.empty();
        Version lowest = m.versions().stream().findFirst().orElse(Version.of(0, 0, 0));
        return Optional.of(new Observed(m.version(), lowest, m.health()));
    }

    @Override
    public StepOutcome execute(StepContext ctx, Step step) {
        return driver.execute(ctx, step);
    }
}
