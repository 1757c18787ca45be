package io.milvusgitops.daemon.testing;

import io.etcd.jetcd.Client;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.helm.HelmDriver;
import io.milvusgitops.daemon.helm.HelmObserver;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The same Milvus cluster installed twice by native Helm from the real chart, in two namespaces of one emulated cluster
 * whose kubelets run on the real clock: one for Milvus's rollingUpdate.sh, one for our Helm driver.
 */
public final class TwinReleases implements AutoCloseable {

    public static final String RELEASE = "my-release";
    public static final String BY_SCRIPT = "by-script";
    public static final String BY_DRIVER = "by-driver";

    private final List<String> namespaces;
    private final EmulatedKube kube;
    private final RealTimeKubelets kubelets;

    /** Every rollout takes {@code rolloutTime}; the kubelets move statuses every {@code tick}. */
    public TwinReleases(Duration rolloutTime, Duration tick) {
        this(rolloutTime, tick, BY_SCRIPT, BY_DRIVER);
    }

    /** The same cluster in each of {@code namespaces}. */
    public TwinReleases(Duration rolloutTime, Duration tick, String... namespaces) {
        this.namespaces = List.of(namespaces);
        kube = new EmulatedKube(namespaces);
        kubelets = new RealTimeKubelets(kube.api(), rolloutTime, tick);
        for (String ns : namespaces) kubelets.in(ns);
    }

    /** Installs chart {@code chart} with {@code values} in every namespace and waits until all are healthy. */
    public void install(String chart, Map<String, String> values) throws Exception {
        for (String ns : namespaces) {
            kube.helm().install(ns, RELEASE, "zilliztech/milvus", chart, values);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (String ns : namespaces) {
            while (new HelmObserver(kube.client()).observe(ns, RELEASE).health() != Health.HEALTHY) {
                if (System.nanoTime() > deadline) throw new AssertionError(RELEASE + " in " + ns + " never became healthy");
                Thread.sleep(50);
            }
        }
    }

    /** The fleet's target for the driver's twin. */
    public Target target() {
        return target(BY_DRIVER);
    }

    /** The fleet's target for the release in {@code namespace}. */
    public Target target(String namespace) {
        return new Target("search", DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "by-dev", false,
                new Location.HelmRelease(EmulatedKube.CONTEXT, namespace, RELEASE));
    }

    /** Our Helm driver on the driver's twin, with the production Helm client. */
    public HelmDriver driver(Client etcd, Path backups, Duration recheck) throws IOException {
        return new HelmDriver(kube.client(), kube.helm(), new EtcdMetadata(etcd, Duration.ofSeconds(10), Clock.systemUTC()),
                new DirectoryBackupStore(backups), Clock.systemUTC(), recheck);
    }

    /** The planner's one hop for the driver's twin as the driver observes it (its coordinators), as the daemon plans it. */
    public Hop hop(HelmDriver driver, String from, String to) throws Exception {
        return hop(driver, target(), from, to);
    }

    /** The planner's one hop for {@code target} as the driver observes it. */
    public Hop hop(HelmDriver driver, Target target, String from, String to) throws Exception {
        Layout layout = driver.observe(target).map(TargetDriver.Observed::layout).orElse(Layout.UNKNOWN);
        return Run.onlyHop(VersionCatalog.builtIn(), PathRequest.of(Version.parse(from), Version.parse(to), DeployMethod.HELM,
                DeployMode.CLUSTER, MessageQueue.PULSAR).withLayout(layout));
    }

    public EmulatedKube kube() {
        return kube;
    }

    @Override
    public void close() {
        kubelets.close();
        kube.close();
    }
}
