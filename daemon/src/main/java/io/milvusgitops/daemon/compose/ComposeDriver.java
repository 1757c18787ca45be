package io.milvusgitops.daemon.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.driver.StepOutcome.InProgress;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.etcd.BackupStore;
import io.milvusgitops.daemon.etcd.EtcdUnavailable;
import io.milvusgitops.daemon.etcd.MetadataSteps;
import io.milvusgitops.daemon.milvus.MilvusProbe;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Executes the steps of a hop on a Docker Compose project through the Docker Engine API, one step
 * per call, without the Compose CLI. Each step looks at the containers as they are and does only
 * what is missing, so a step repeated after a crash (or a Docker restart) finishes the work instead
 * of doing it twice; waiting steps answer InProgress and never sleep. Replaced containers are kept,
 * stopped, as {@code <name>.pre-upgrade} for the way back ({@link ContainerOps}); the hop's last step,
 * forward or back, removes them. etcd and the message queue are never touched, MinIO only where the guide
 * changes its image (the 2.6 hop). It never plans.
 */
public final class ComposeDriver implements TargetDriver, AutoCloseable {

    /** Every call to the Docker Engine is bounded by this; a stop (30 s at most) fits in it. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient docker;
    private final boolean ownsDocker;
    private final String dockerHost;
    private final ComposeObserver observer;
    private final ContainerOps ops;
    private final ComponentSteps components;
    private final ProjectDependencies dependencies;
    private final Preflight preflight;
    private final MilvusHealthz healthz;
    private final MilvusProbe milvus = new MilvusProbe(MilvusProbe.DEFAULT_TIMEOUT);
    private final MetaMigrationContainer migration;
    private final ProjectEtcd etcd;
    private final MetadataSteps metadata;
    private final Clock clock;
    private final Duration recheck;

    /**
     * The driver of one Docker host; it closes its Docker client.
     *
     * @param dockerHost    {@code unix:///var/run/docker.sock} or {@code tcp://host:2376}, as the fleet's {@code compose.dockerHost}
     * @param tlsCertPath   for a tcp:// host: a directory with ca.pem, cert.pem and key.pem (as DOCKER_CERT_PATH); empty for no TLS
     * @param etcdEndpoints how the daemon reaches the etcd of the host's projects ({@code http://10.0.0.5:2379}); empty: the
     *                      port the project's etcd container publishes on the Docker host
     * @param backups       where metadata backups go: the same store as the Kubernetes drivers'
     * @param recheck       how soon a waiting step is called again
     */
    public static ComposeDriver forHost(String dockerHost, Optional<Path> tlsCertPath, List<String> etcdEndpoints, BackupStore backups,
                                        VersionCatalog catalog, Clock clock, Duration recheck) {
        return new ComposeDriver(DockerHosts.connect(dockerHost, tlsCertPath, RESPONSE_TIMEOUT), true, dockerHost, etcdEndpoints, backups,
                catalog, clock, recheck);
    }

    /** A driver on a Docker client the caller owns (and closes). */
    public ComposeDriver(DockerClient docker, String dockerHost, List<String> etcdEndpoints, BackupStore backups, VersionCatalog catalog,
                         Clock clock, Duration recheck) {
        this(docker, false, dockerHost, etcdEndpoints, backups, catalog, clock, recheck);
    }

    private ComposeDriver(DockerClient docker, boolean ownsDocker, String dockerHost, List<String> etcdEndpoints, BackupStore backups,
                          VersionCatalog catalog, Clock clock, Duration recheck) {
        this.docker = docker;
        this.ownsDocker = ownsDocker;
        this.dockerHost = dockerHost;
        this.observer = new ComposeObserver(docker);
        this.ops = new ContainerOps(docker, dockerHost);
        this.components = new ComponentSteps(ops, catalog);
        this.dependencies = new ProjectDependencies(ops);
        this.healthz = new MilvusHealthz(docker);
        this.migration = new MetaMigrationContainer(docker, clock, recheck);
        this.etcd = new ProjectEtcd(dockerHost, etcdEndpoints, clock);
        this.metadata = new MetadataSteps(backups);
        this.preflight = new Preflight(ops, healthz, etcd, dockerHost);
        this.clock = clock;
        this.recheck = recheck;
    }

    @Override
    public Optional<Observed> observe(Target target) throws IOException {
        if (!(target.location() instanceof Location.ComposeProject where)) return Optional.empty();
        ObservedProject p;
        try {
            p = observe(where);
        } catch (RuntimeException e) {
            throw new IOException("Docker host " + where.dockerHost() + ": " + Failures.describe(e), e);
        }
        if (p.milvus().isEmpty()) return Optional.empty();
        Version lowest = p.versions().stream().findFirst().orElse(Version.of(0, 0, 0));
        return Optional.of(new Observed(p.version(), lowest, p.health(), p.mode(), p.messageQueue(),
                p.minio().map(m -> Layout.UNKNOWN.withMinio(Image.parse(m.image()))).orElse(Layout.UNKNOWN)));
    }

    public ObservedProject observe(Location.ComposeProject where) {
        return observer.observe(where.project());
    }

    @Override
    public StepOutcome execute(StepContext ctx, Step step) {
        if (!(ctx.target().location() instanceof Location.ComposeProject where)) {
            return Failed.fatal(FailureReason.PRECONDITION, ctx.target().name() + " is not a Compose project");
        }
        try {
            ObservedProject p = stopRetiredThatRun(observer.observe(where.project()));
            StepOutcome outcome = switch (step) {
                case Step.CheckHealthy s -> preflight.check(ctx, where, p, clock, recheck);
                case Step.UpdateComponent s -> components.update(ctx, p, s.component(), s.image().toString(), healthz, clock, recheck);
                case Step.WaitHealthy s -> waitHealthy(ctx, p, s.components());
                case Step.StopComponents s -> stop(p, s.components());
                case Step.StartComponents s -> components.start(ctx, p, s.components(), s.image().toString());
                case Step.CreateComponents s -> components.create(ctx, p, s.components(), s.image().toString());
                case Step.RemoveComponents s -> components.remove(ctx, p, s.components());
                case Step.BackupMetadata s -> metadata.backup(ctx, etcd.metadata(p));
                case Step.RestoreMetadata s -> metadata.restore(ctx, etcd.metadata(p));
                case Step.WaitNoLiveSessions s -> waitNoSessions(ctx, p);
                case Step.RunMetaMigration s -> runMetaMigration(ctx, p, s);
                case Step.UpdateComposeFile s -> ComposeFiles.update(where, p, s.image().toString(), ctx.hop());
                case Step.UpdateMinio s -> {
                    StepOutcome o = dependencies.updateMinio(ctx, p, s.image().toString(), clock, recheck);
                    yield o instanceof Done d ? minioFile(where, observer.observe(where.project()), s, d, ctx) : o;
                }
                case Step.PinMessageQueue s -> dependencies.pinQueue(p, s.queue());
                case Step.SmokeTest s -> smokeTest(ctx, p, s);
                case Step.EnableActiveStandby s -> notForCompose(step);
                case Step.HelmUpgrade s -> notForCompose(step);
                case Step.SyncHelmRelease s -> notForCompose(step);
                case Step.SetMilvusImage s -> notForCompose(step);
                case Step.CheckOperatorVersion s -> notForCompose(step);
                case Step.EnableMixCoord s -> notForCompose(step);
                case Step.CreateMilvusUpgrade s -> notForCompose(step);
                case Step.RollbackMilvusUpgrade s -> notForCompose(step);
                case Step.IfOperatorRollbackFailed s -> notForCompose(step);
                case Step.VerifyRemoved s -> notForCompose(step);
                case Step.InstallDeployment s -> notForCompose(step);
                case Step.UninstallDeployment s -> notForCompose(step);
                case Step.RunDataMigration s -> notForCompose(step);
            };
            return outcome instanceof Done d && lastOfHop(ctx, step) ? cleanUp(where, d) : outcome;
        } catch (ProjectEtcd.Unreachable e) {
            return Failed.fatal(FailureReason.PRECONDITION, e.getMessage());
        } catch (ContainerOps.MissingImage e) {
            return Failed.fatal(FailureReason.PRECONDITION, e.getMessage());
        } catch (EtcdUnavailable e) {
            return Failed.retryable(FailureReason.UNREACHABLE, e.getMessage());
        } catch (DockerException e) {
            return Failed.retryable(FailureReason.UNREACHABLE, "Docker Engine at " + dockerHost + " answered " + e.getHttpStatus() + ": "
                    + firstLine(e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
            return Failed.retryable(FailureReason.UNREACHABLE, "Docker host " + dockerHost + " or the backup store: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            if (!isIo(e)) throw e;
            return Failed.retryable(FailureReason.UNREACHABLE, "Docker host " + dockerHost + " unreachable: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** MinIO's new tag written into the Compose file too, as the guide edits it. */
    private static StepOutcome minioFile(Location.ComposeProject where, ObservedProject p, Step.UpdateMinio s, Done d, StepContext ctx)
            throws IOException {
        StepOutcome file = ComposeFiles.update(where, p, s.image().toString(), ctx.hop());
        return new Done(d.what() + "; " + (file instanceof Done f ? f.what() : ""));
    }

    /** A step of another deployment method: the planner never gives one for Compose; a record from elsewhere might. */
    private static StepOutcome notForCompose(Step step) {
        return Failed.fatal(FailureReason.PRECONDITION, step.type() + " is not a step of a Compose project");
    }

    /**
     * A container kept for the way back is never to run; Docker starts one again after its own restart
     * when its restart policy is {@code always}. It is stopped before anything else.
     */
    private ObservedProject stopRetiredThatRun(ObservedProject p) {
        List<ProjectContainer> running = p.retired().stream().filter(c -> c.running() || "restarting".equals(c.state())).toList();
        if (running.isEmpty()) return p;
        running.forEach(ops::stop);
        return observer.observe(p.project());
    }

    /** Every listed component (all, when none is listed) running, healthy by its healthcheck, and answering /healthz. */
    private StepOutcome waitHealthy(StepContext ctx, ObservedProject p, List<Component> only) {
        List<ProjectContainer> watched = p.milvus().stream().filter(c -> only.isEmpty() || only.contains(c.component().orElseThrow())).toList();
        if (watched.isEmpty()) {
            return only.isEmpty() ? Failed.fatal(FailureReason.NOT_FOUND, "no Milvus container in project " + p.project())
                    : new Done(only + " do not run here: nothing to wait for");
        }
        List<String> pending = new ArrayList<>();
        for (ProjectContainer c : watched) {
            if (c.crashed() && stoppedByDocker(c)) {
                // Stopped, not crashed: Docker itself stopped it (a daemon restart, no restart policy). It should run.
                ops.start(c);
                pending.add(c.name() + " (started again)");
            } else if (c.crashed() || (!c.healthy() && c.restartCount() >= 3)) {
                return Failed.fatal(FailureReason.NOT_READY, "container " + c.name() + " (" + c.image() + ") "
                        + (c.crashed() ? "exited with code " + c.exitCode()
                                : "keeps exiting with code " + c.exitCode() + " (" + c.restartCount() + " restarts)")
                        + ": see docker logs " + c.name());
            } else if (!c.healthy()) {
                pending.add(c.name() + " (" + c.health().orElse(c.state()) + ")");
            } else {
                healthz.problem(c).ifPresent(pending::add);
            }
        }
        if (pending.isEmpty()) {
            return new Done(watched.stream().map(ProjectContainer::name).toList() + " running, healthy and /healthz OK");
        }
        if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
            return Failed.fatal(FailureReason.NOT_READY, "not healthy after " + ctx.timeout() + ": " + pending);
        }
        return new InProgress(recheck, "health of " + pending);
    }

    /** Exit 0 or 143 (SIGTERM): the container was stopped, not crashed. */
    static boolean stoppedByDocker(ProjectContainer c) {
        return c.exitCode() == 0 || c.exitCode() == 143;
    }

    private StepOutcome stop(ObservedProject p, List<Component> only) {
        List<String> stopped = new ArrayList<>();
        for (ProjectContainer c : p.milvus()) {
            if (only.contains(c.component().orElseThrow()) && ops.stop(c)) stopped.add(c.name());
        }
        return new Done(stopped.isEmpty() ? "already stopped" : "stopped " + stopped);
    }

    /** No Milvus container runs (one Docker restarted is stopped again) and no session is left in etcd. */
    private StepOutcome waitNoSessions(StepContext ctx, ObservedProject p) throws EtcdUnavailable, ProjectEtcd.Unreachable {
        List<String> restarted = stopAllMilvus(p);
        List<String> sessions = etcd.metadata(p).liveSessions(ctx.target().etcdRootPath());
        if (sessions.isEmpty() && restarted.isEmpty()) return new Done("no Milvus session left in etcd");
        if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
            return Failed.fatal(FailureReason.LIVE_SESSIONS, "Milvus sessions still alive after " + ctx.timeout() + ": " + sessions);
        }
        return new InProgress(recheck, (restarted.isEmpty() ? "" : "stopped again " + restarted + "; ") + "sessions to expire: " + sessions);
    }

    private List<String> stopAllMilvus(ObservedProject p) {
        List<String> stopped = new ArrayList<>();
        p.containers().stream().filter(c -> c.component().isPresent()).forEach(c -> {
            if (ops.stop(c)) stopped.add(c.name());
        });
        return stopped;
    }

    private StepOutcome runMetaMigration(StepContext ctx, ObservedProject p, Step.RunMetaMigration s)
            throws IOException, EtcdUnavailable, ProjectEtcd.Unreachable, ContainerOps.MissingImage {
        var existing = migration.find(MetaMigrationContainer.name(p, ctx));
        if (existing != null) return migration.progress(ctx, p, existing, s);
        ops.requireImage(s.toolImage());
        // The tool fails on a live session: nothing may have come back since the sessions expired.
        StepOutcome quiet = waitNoSessions(ctx, p);
        if (!(quiet instanceof Done)) return quiet;
        return migration.start(ctx, p, s);
    }

    /** The entry point (proxy, or standalone) serves and says OK on /healthz. */
    /** Every entry container answers /healthz, and Milvus itself, at its published gRPC port, the hop's version and healthy. */
    private StepOutcome smokeTest(StepContext ctx, ObservedProject p, Step.SmokeTest step) {
        Component entry = p.entry();
        List<ProjectContainer> c = p.of(entry);
        if (c.isEmpty()) return Failed.fatal(FailureReason.NOT_READY, "smoke test: no " + entry + " container in project " + p.project());
        for (ProjectContainer e : c) {
            Optional<String> sick = healthz.problem(e);
            if (sick.isPresent()) return Failed.fatal(FailureReason.NOT_READY, "smoke test: " + sick.get());
        }
        return switch (MilvusGrpcPort.of(p, dockerHost)) {
            case MilvusGrpcPort.Reach.Unreachable u -> Failed.fatal(FailureReason.NOT_READY, "smoke test: " + u.why());
            case MilvusGrpcPort.Reach.Reachable r -> {
                MilvusProbe.Answer answer = milvus.ask(r.address(), step.version(), ctx.target().smokeTestCollection());
                yield answer.problem().isPresent() ? Failed.fatal(FailureReason.NOT_READY, "smoke test: " + answer.problem().get())
                        : new Done("smoke test: " + entry + " serves and /healthz says OK; " + answer.summary() + " (at " + r.container() + ")");
            }
        };
    }

    /** The hop's last step, forward or back: nothing will go back any more, so the kept containers go. */
    static boolean lastOfHop(StepContext ctx, Step step) {
        List<Step> fwd = ctx.hop().steps();
        List<Step> back = ctx.hop().rollback();
        int i = ctx.stepIndex();
        return (i == fwd.size() - 1 && fwd.get(i).equals(step)) || (i == back.size() - 1 && back.get(i).equals(step));
    }

    private StepOutcome cleanUp(Location.ComposeProject where, Done d) {
        List<String> removed = new ArrayList<>();
        for (ProjectContainer c : observer.observe(where.project()).retired()) {
            ops.remove(c);
            removed.add(c.name());
        }
        return removed.isEmpty() ? d : new Done(d.what() + "; removed the containers kept for the way back: " + removed);
    }

    /** Closes the etcd clients of the host's projects, and the Docker client when this driver made it. */
    @Override
    public void close() throws IOException {
        etcd.close();
        if (ownsDocker) docker.close();
    }

    private static boolean isIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) return true;
        }
        return false;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }
}
