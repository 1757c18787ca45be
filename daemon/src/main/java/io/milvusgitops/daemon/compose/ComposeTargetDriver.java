package io.milvusgitops.daemon.compose;

import com.github.dockerjava.api.DockerClient;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.etcd.BackupStore;
import io.milvusgitops.daemon.reconcile.TargetDriver;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The Compose driver as the reconciler sees it: one per Docker host. */
public final class ComposeTargetDriver implements TargetDriver, AutoCloseable {

    /** Every call to the Docker Engine is bounded by this; a stop (30 s at most) fits in it. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient docker;
    private final ComposeDriver driver;

    ComposeTargetDriver(DockerClient docker, ComposeDriver driver) {
        this.docker = docker;
        this.driver = driver;
    }

    /**
     * The driver of one Docker host.
     *
     * @param dockerHost    {@code unix:///var/run/docker.sock} or {@code tcp://host:2376}, as the fleet's {@code compose.dockerHost}
     * @param tlsCertPath   for a tcp:// host: a directory with ca.pem, cert.pem and key.pem (as DOCKER_CERT_PATH); empty for no TLS
     * @param etcdEndpoints how the daemon reaches the etcd of the host's projects ({@code http://10.0.0.5:2379}); empty: the
     *                      port the project's etcd container publishes on the Docker host
     * @param backups       where metadata backups go: the same store as the Kubernetes drivers'
     * @param recheck       how soon a waiting step is called again
     */
    public static ComposeTargetDriver forHost(String dockerHost, Optional<Path> tlsCertPath, List<String> etcdEndpoints, BackupStore backups,
                                              Clock clock, Duration recheck) {
        DockerClient docker = DockerHosts.connect(dockerHost, tlsCertPath, RESPONSE_TIMEOUT);
        return new ComposeTargetDriver(docker, new ComposeDriver(docker, dockerHost, etcdEndpoints, backups, VersionCatalog.builtIn(), clock,
                recheck));
    }

    @Override
    public Optional<Observed> observe(Target target) throws IOException {
        if (!(target.location() instanceof Location.ComposeProject where)) return Optional.empty();
        ObservedProject p;
        try {
            p = driver.observe(where);
        } catch (RuntimeException e) {
            throw new IOException("Docker host " + where.dockerHost() + ": " + e.getMessage(), e);
        }
        if (p.milvus().isEmpty()) return Optional.empty();
        Version lowest = p.versions().stream().findFirst().orElse(Version.of(0, 0, 0));
        return Optional.of(new Observed(p.version(), lowest, p.health()));
    }

    @Override
    public StepOutcome execute(StepContext ctx, Step step) {
        return driver.execute(ctx, step);
    }

    public ComposeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        driver.close();
        docker.close();
    }
}
