package io.milvusgitops.daemon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.reconcile.LiveObserver;
import io.milvusgitops.daemon.testing.CountingProxy;
import io.milvusgitops.daemon.testing.EmulatedCluster;
import io.milvusgitops.daemon.testing.ObservedOnlyClusters;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.FleetFiles;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.version.Version;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon observes Kubernetes targets through watch-fed caches: once the caches hold the cluster,
 * observing the fleet again costs not one byte on the wire, and a change in the cluster is seen (and
 * announced) without anyone asking. Measured through a byte-counting proxy in front of the emulator.
 */
class WatchedObservationTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @TempDir
    Path dir;

    @Test
    void aSteadyStatePassCostsNoRequestAndAChangeIsSeenAndAnnounced() throws Exception {
        etcd.clear("by-dev");
        try (EmulatedCluster cluster = new EmulatedCluster(etcd.client().getKVClient(), Duration.ofMillis(100))) {
            cluster.install("dev", "milvus", "4.1.36");
            cluster.stopKubelet();
            int port = URI.create(cluster.client().getMasterUrl().toString()).getPort();
            try (CountingProxy proxy = new CountingProxy(port);
                 KubernetesClient viaProxy = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                         .withMasterUrl("http://127.0.0.1:" + proxy.port()).withRequestRetryBackoffLimit(0).build()).build()) {
                Fleet fleet = fleet();
                Clusters clusters = new ObservedOnlyClusters(viaProxy, etcd.client(), "observing never calls Helm");
                AtomicInteger changes = new AtomicInteger();

                Infrastructure infra = new Infrastructure(clusters, (host, backups, clock, recheck) -> TargetDriver.unavailable("no Docker host"),
                        Optional::empty);
                Drivers watching = new Drivers(infra, dir.resolve("w"), Clock.systemUTC(), Duration.ofSeconds(1),
                        Optional.of(changes::incrementAndGet));
                LiveObserver observer = new LiveObserver(watching::driver, watching::store, Clock.systemUTC());
                assertThat(live(observer, fleet).version()).isEqualTo(Version.parse("2.4.5"));
                Thread.sleep(500); // the watches' initial events
                long before = proxy.bytes();
                int requestsBefore = cluster.api().recentRequests().size();
                for (int i = 0; i < 20; i++) assertThat(live(observer, fleet).version()).isEqualTo(Version.parse("2.4.5"));
                List<String> asked = cluster.api().recentRequests();
                assertThat(proxy.bytes() - before).as("20 steady-state observations through the caches; asked: %s",
                        asked.subList(Math.min(requestsBefore, asked.size()), asked.size())).isZero();

                Drivers direct = new Drivers(infra, dir.resolve("d"), Clock.systemUTC(), Duration.ofSeconds(1), Optional.empty());
                LiveObserver directObserver = new LiveObserver(direct::driver, direct::store, Clock.systemUTC());
                long beforeDirect = proxy.bytes();
                for (int i = 0; i < 5; i++) live(directObserver, fleet);
                assertThat(proxy.bytes() - beforeDirect).as("the same without caches costs requests").isPositive();

                int changesBefore = changes.get();
                for (Deployment d : cluster.client().apps().deployments().inNamespace("dev").list().getItems()) {
                    cluster.client().apps().deployments().inNamespace("dev").withName(d.getMetadata().getName()).edit(x -> {
                        x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("milvusdb/milvus:v2.5.16");
                        return x;
                    });
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!live(observer, fleet).version().equals(Version.parse("2.5.16")) && System.nanoTime() < deadline) Thread.sleep(50);
                assertThat(live(observer, fleet).version()).as("the cache follows the cluster").isEqualTo(Version.parse("2.5.16"));
                assertThat(changes.get()).as("every change is announced, so the daemon passes").isGreaterThan(changesBefore);
                watching.close();
                direct.close();
            }
        }
    }

    private static LiveTarget live(LiveObserver observer, Fleet fleet) {
        LiveObserver.Observation o = observer.observe(fleet);
        assertThat(o.unobservable()).isEmpty();
        return o.live().target("dev", "search").orElseThrow();
    }

    private static Fleet fleet() {
        FleetResult r = FleetParser.parse(new FleetFiles(Map.of(
                "fleet.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: t\n",
                "policy.yaml", "",
                "environments/dev.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: dev\nmilvusVersion: 2.5.16\n"
                        + "targets:\n  - name: search\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n"
                        + "    kubernetes: {context: sim, namespace: dev, release: milvus}\n")), VersionCatalog.builtIn());
        return ((FleetResult.Valid) r).fleet();
    }
}
