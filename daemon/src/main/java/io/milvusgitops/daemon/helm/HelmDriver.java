package io.milvusgitops.daemon.helm;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.driver.StepOutcome.InProgress;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.TargetDriver;
import io.milvusgitops.daemon.etcd.BackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.etcd.EtcdUnavailable;
import io.milvusgitops.daemon.etcd.MetadataSteps;
import io.milvusgitops.daemon.kube.ComponentState;
import io.milvusgitops.daemon.kube.Healthz;
import io.milvusgitops.daemon.kube.KubeFailures;
import io.milvusgitops.daemon.kube.KubeReads;
import io.milvusgitops.daemon.kube.KubeSmokeTest;
import io.milvusgitops.daemon.kube.MilvusLabels;
import io.milvusgitops.daemon.kube.MilvusPortForward;
import io.milvusgitops.daemon.milvus.MilvusProbe;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.HelmValue;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the steps of a hop on a Helm-installed Milvus, one step per call. Every step is done
 * when its effect is observable and does nothing twice: called again after a crash it finds its own
 * work (an image already set, a backup already written, a Job already there) and goes on from it.
 * It never plans: the steps come from the planner.
 */
public final class HelmDriver implements TargetDriver {

    private static final Logger LOG = LoggerFactory.getLogger(HelmDriver.class);

    static final String REPLICAS_ANNOTATION = "milvus-gitops.io/replicas";

    private final KubernetesClient client;
    private final HelmClient helm;
    private final EtcdMetadata etcd;
    private final MetadataSteps metadata;
    private final Clock clock;
    private final Duration recheck;
    private final HelmObserver observer;
    /** What {@link #observe} reads through: the direct observer, or a watch-fed cache when the daemon observes on every pass. */
    private final HelmObserver live;
    private final MetaMigrationJob migrationJob;
    private final DataMigrationJob dataMigrationJob;
    private final Healthz healthz;
    private final KubeSmokeTest smokeTest;
    private final PendingRelease pendingRelease;

    /** Observes through direct reads: {@code plan}, {@code status} and the tests, which look once. */
    public HelmDriver(KubernetesClient client, HelmClient helm, EtcdMetadata etcd, BackupStore backups, Clock clock, Duration recheck) {
        this(client, KubeReads.direct(client), helm, etcd, backups, clock, recheck);
    }

    /** Observes through {@code reads} (a watch-fed cache); steps still read directly, to see their own writes. */
    public HelmDriver(KubernetesClient client, KubeReads reads, HelmClient helm, EtcdMetadata etcd, BackupStore backups, Clock clock,
                      Duration recheck) {
        this.client = client;
        this.live = new HelmObserver(reads);
        this.helm = helm;
        this.etcd = etcd;
        this.metadata = new MetadataSteps(backups);
        this.clock = clock;
        this.recheck = recheck;
        this.observer = new HelmObserver(client);
        this.migrationJob = new MetaMigrationJob(client);
        this.dataMigrationJob = new DataMigrationJob(client);
        this.healthz = new Healthz(client);
        this.smokeTest = new KubeSmokeTest(healthz, new MilvusPortForward(client, new MilvusProbe(MilvusProbe.DEFAULT_TIMEOUT)));
        this.pendingRelease = new PendingRelease(client, clock);
    }

    /** A data migration installs a new release beside the old one: {@code <release>-v<major>}. */
    static String newRelease(Location.HelmRelease where, StepContext ctx) {
        return where.release() + "-v" + ctx.hop().to().major();
    }

    /** The release a waiting step watches: the new one during a data migration, else the target's. */
    private static Location.HelmRelease watched(StepContext ctx, Location.HelmRelease where) {
        return ctx.hop().kind() == HopKind.DATA_MIGRATION
                ? new Location.HelmRelease(where.context(), where.namespace(), newRelease(where, ctx)) : where;
    }

    /** The new release of a data migration; the old one is never touched. */
    private StepOutcome install(StepContext ctx, Location.HelmRelease where, Step.InstallDeployment s)
            throws IOException, HelmClient.HelmException {
        String name = newRelease(where, ctx);
        if (observer.helmRelease(where.namespace(), name).isPresent()) {
            return new Done("release " + name + " exists");
        }
        Map<String, String> set = new HashMap<>();
        set.put("cluster.enabled", String.valueOf(ctx.target().mode() == DeployMode.CLUSTER));
        set.put("image.all.tag", s.image().tag()); // the release exactly, whatever the chart's default image
        helm.install(where.namespace(), name, "zilliztech/milvus", s.chartVersion().map(Object::toString)
                .orElseThrow(() -> new IllegalStateException("a Helm data migration names its chart")), set);
        return new Done("installed " + name + " (Milvus " + s.version() + ") beside " + where.release());
    }

    private StepOutcome uninstall(StepContext ctx, Location.HelmRelease where) throws IOException, HelmClient.HelmException {
        String name = newRelease(where, ctx);
        if (observer.helmRelease(where.namespace(), name).isEmpty()) {
            return new Done("release " + name + " is not installed");
        }
        helm.uninstall(where.namespace(), name);
        return new Done("uninstalled " + name + "; " + where.release() + " was never touched");
    }

    @Override
    public Optional<Observed> observe(Target target) throws IOException {
        if (!(target.location() instanceof Location.HelmRelease where)) return Optional.empty();
        ObservedRelease m = live.observe(where.namespace(), where.release());
        if (m.components().isEmpty()) return Optional.empty();
        Version lowest = m.versions().stream().findFirst().orElse(Version.of(0, 0, 0));
        return Optional.of(new Observed(m.version(), lowest, m.health(), m.mode(), m.messageQueue(), m.layout()));
    }

    /** The release as a step sees it: read straight from the API server. */
    public ObservedRelease observe(Location.HelmRelease where) throws IOException {
        return observer.observe(where.namespace(), where.release());
    }

    @Override
    public StepOutcome execute(StepContext ctx, Step step) {
        if (!(ctx.target().location() instanceof Location.HelmRelease where)) {
            return Failed.fatal(FailureReason.PRECONDITION, ctx.target().name() + " is not a Helm release");
        }
        try {
            return switch (step) {
                case Step.CheckHealthy s -> checkHealthy(ctx, where);
                case Step.EnableActiveStandby s -> new ActiveStandby(client).enable(where, s.coordinators());
                case Step.UpdateComponent s -> updateComponent(where, s);
                case Step.WaitHealthy s -> waitHealthy(ctx, watched(ctx, where), s.components());
                case Step.SyncHelmRelease s -> upgradeTo(ctx, where, s.chart(), s.chartVersion().toString(), s.values(), s.set(),
                        activeStandbyValues(where));
                case Step.HelmUpgrade s -> upgradeTo(ctx, where, s.chart(), s.chartVersion().toString(), s.values(), s.set(), Map.of());
                case Step.BackupMetadata s -> metadata.backup(ctx, etcd);
                case Step.RestoreMetadata s -> metadata.restore(ctx, etcd);
                case Step.StopComponents s -> stop(where, s.components());
                case Step.WaitNoLiveSessions s -> waitNoSessions(ctx);
                case Step.RunMetaMigration s -> migrationJob.run(ctx, where, s, clock, recheck);
                case Step.VerifyRemoved s -> verifyRemoved(ctx, where, s.components());
                case Step.SmokeTest s -> smokeTest(ctx, watched(ctx, where), s);
                case Step.InstallDeployment s -> install(ctx, where, s);
                case Step.RunDataMigration s -> dataMigrationJob.run(ctx, where, newRelease(where, ctx), s, clock, recheck);
                case Step.UninstallDeployment s -> uninstall(ctx, where);
                case Step.SetMilvusImage s -> notForHelm(step);
                case Step.CheckOperatorVersion s -> notForHelm(step);
                case Step.EnableMixCoord s -> notForHelm(step);
                case Step.CreateMilvusUpgrade s -> notForHelm(step);
                case Step.RollbackMilvusUpgrade s -> notForHelm(step);
                case Step.IfOperatorRollbackFailed s -> notForHelm(step);
                case Step.StartComponents s -> notForHelm(step);
                case Step.RemoveComponents s -> notForHelm(step);
                case Step.CreateComponents s -> notForHelm(step);
                case Step.UpdateComposeFile s -> notForHelm(step);
                case Step.UpdateMinio s -> notForHelm(step);
                case Step.PinMessageQueue s -> notForHelm(step);
            };
        } catch (KubernetesClientException e) {
            return Failed.retryable(FailureReason.UNREACHABLE, KubeFailures.describe(e));
        } catch (EtcdUnavailable e) {
            return Failed.retryable(FailureReason.UNREACHABLE, e.getMessage());
        } catch (HelmClient.HelmException e) {
            return Failed.retryable(FailureReason.HELM, e.getMessage());
        } catch (IOException e) {
            return Failed.retryable(FailureReason.UNREACHABLE, e.getMessage());
        }
    }

    /** A step of another deployment method: the planner never gives one for Helm; a record from elsewhere might. */
    private static StepOutcome notForHelm(Step step) {
        return Failed.fatal(FailureReason.PRECONDITION, step.type() + " is not a step of a Helm release");
    }

    /** rollingUpdate.sh's preconditions: no RocksMQ on a rolling hop, every rollout complete before it starts. */
    private StepOutcome checkHealthy(StepContext ctx, Location.HelmRelease where) throws IOException {
        ObservedRelease m = observer.observe(where.namespace(), where.release());
        if (m.components().isEmpty()) {
            return Failed.fatal(FailureReason.NOT_FOUND, "no Milvus Deployment of release " + where.release() + " in " + where.namespace());
        }
        if (!m.etcdRootPath().equals(ctx.target().etcdRootPath())) {
            // A backup of the wrong root path would restore nothing: refuse before anything changes.
            return Failed.fatal(FailureReason.PRECONDITION, "the release keeps its metadata under etcd root path '" + m.etcdRootPath()
                    + "' but the fleet says '" + ctx.target().etcdRootPath() + "': correct etcdRootPath of " + ctx.target().name());
        }
        if (ctx.hop().kind() == HopKind.ROLLING && m.messageQueue() == MessageQueue.ROCKSMQ) {
            return Failed.fatal(FailureReason.PRECONDITION, "Milvus runs with RocksMQ: no rolling upgrade (rollingUpdate.sh refuses it too)");
        }
        return waitUntil(ctx, m.components().values().stream().allMatch(ComponentState::rolledOut), "every rollout of "
                + where.release() + " to be complete before the hop starts", FailureReason.PRECONDITION);
    }

    /** One component to the new image, as rollingUpdate.sh patches it; a component the release does not run is skipped. */
    private StepOutcome updateComponent(Location.HelmRelease where, Step.UpdateComponent s) {
        Optional<Deployment> d = observer.deployment(where.namespace(), where.release(), s.component());
        if (d.isEmpty()) {
            return new Done(s.component() + " does not run here: skipped");
        }
        String version = s.image().version().map(Object::toString).orElse(s.image().tag());
        String image = s.image().toString();
        boolean current = d.get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage().equals(image)
                && version.equals(d.get().getMetadata().getLabels().get(MilvusLabels.VERSION));
        if (current) {
            return new Done(s.component() + " already on " + s.image());
        }
        client.apps().deployments().inNamespace(where.namespace()).withName(d.get().getMetadata().getName()).edit(dep -> {
            dep.getMetadata().getLabels().put(MilvusLabels.VERSION, version);
            dep.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            if (dep.getSpec().getStrategy() == null) dep.getSpec().setStrategy(new DeploymentStrategy());
            dep.getSpec().getStrategy().setType("RollingUpdate");
            if (s.component().isCoordinator()) dep.getSpec().setMinReadySeconds(30);
            return dep;
        });
        return new Done(s.component() + " set to " + s.image());
    }

    private StepOutcome waitHealthy(StepContext ctx, Location.HelmRelease where, List<Component> only) throws IOException {
        ObservedRelease m = observer.observe(where.namespace(), where.release());
        List<ComponentState> watched = m.components().values().stream()
                .filter(c -> only.isEmpty() || only.contains(c.component())).toList();
        List<ComponentState> pending = watched.stream().filter(c -> !c.rolledOut()).toList();
        if (pending.isEmpty() && only.isEmpty()) {
            // Every rollout is done: Milvus itself must say it is healthy too.
            Optional<String> sick = healthz.problem(where.namespace(), ChartNames.fullname(where.release()));
            if (sick.isEmpty()) return new Done("every component rolled out and ready; /healthz OK");
            if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
                return Failed.fatal(FailureReason.NOT_READY, "rolled out, but Milvus is not healthy after " + ctx.timeout() + ": " + sick.get());
            }
            return new InProgress(recheck, "Milvus /healthz: " + sick.get());
        }
        if (pending.isEmpty()) {
            return new Done(only + " rolled out and ready");
        }
        if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
            boolean stuck = pending.stream().anyMatch(ComponentState::stuck);
            return Failed.fatal(stuck ? FailureReason.NOT_READY : FailureReason.ROLLOUT_TIMEOUT, "not ready after "
                    + ctx.timeout() + ": " + pending.stream().map(c -> c.component() + " (" + c.readyReplicas() + "/" + c.replicas()
                    + " ready, " + c.image() + ")").toList());
        }
        return new InProgress(recheck, "rollout of " + pending.stream().map(ComponentState::component).toList());
    }

    /**
     * {@code helm upgrade} to a chart with the plan's {@code --set} values (and the driver's own {@code extra});
     * when the release already records the chart and every one of those values as deployed, there is nothing to do.
     * A revision this step's interrupted upgrade left pending is unlocked first, else Helm would refuse forever.
     */
    private StepOutcome upgradeTo(StepContext ctx, Location.HelmRelease where, String chart, String chartVersion, Step.ValuesMode values,
                                  List<HelmValue> planned, Map<String, String> extra) throws IOException, HelmClient.HelmException {
        String unlocked = "";
        switch (pendingRelease.unlock(ctx, where)) {
            case PendingRelease.Unlock.NotPending n -> { }
            case PendingRelease.Unlock.NotOurs n -> {
                return Failed.retryable(FailureReason.HELM, n.why());
            }
            case PendingRelease.Unlock.Unlocked u -> {
                LOG.info(u.what());
                unlocked = u.what() + "; ";
            }
        }
        Optional<HelmRelease> release = observer.helmRelease(where.namespace(), where.release());
        Map<String, String> set = new LinkedHashMap<>(extra);
        planned.forEach(v -> set.put(v.key(), v.value()));
        Map<String, String> recordedValues = release.map(r -> Values.flatten(r.values())).orElse(Map.of());
        // Deployed, not merely recorded: a failed or pending revision names the chart it did not reach.
        boolean recorded = release.map(r -> r.chartVersion().equals(chartVersion) && r.status().equals("deployed")).orElse(false)
                && set.entrySet().stream().allMatch(e -> e.getValue().equals(recordedValues.get(e.getKey())));
        // Components this product scaled to zero (a meta migration, its rollback) come back with the upgrade: Helm's
        // three-way patch sets the chart's replicas again where the live object differs, even when the chart is the same.
        List<Deployment> ours = client.apps().deployments().inNamespace(where.namespace()).withLabel(MilvusLabels.INSTANCE, where.release())
                .list().getItems();
        boolean stoppedByUs = ours.stream().anyMatch(d -> stoppedByUs(d) && Integer.valueOf(0).equals(d.getSpec().getReplicas()));
        if (recorded && !stoppedByUs) {
            forgetStopped(where, ours);
            return new Done("release " + where.release() + " already on chart " + chartVersion);
        }
        helm.upgrade(where.namespace(), where.release(), chart, chartVersion, values, set);
        forgetStopped(where, client.apps().deployments().inNamespace(where.namespace()).withLabel(MilvusLabels.INSTANCE, where.release())
                .list().getItems());
        return new Done(unlocked + "helm upgrade to chart " + chartVersion + (set.isEmpty() ? "" : " with " + set));
    }

    private static boolean stoppedByUs(Deployment d) {
        return d.getMetadata().getAnnotations() != null && d.getMetadata().getAnnotations().containsKey(REPLICAS_ANNOTATION);
    }

    /** Helm gave the stopped components their replicas back: the note of what they had goes (Helm keeps annotations it did not write). */
    private void forgetStopped(Location.HelmRelease where, List<Deployment> deployments) {
        for (Deployment d : deployments) {
            if (!stoppedByUs(d) || Integer.valueOf(0).equals(d.getSpec().getReplicas())) continue;
            client.apps().deployments().inNamespace(where.namespace()).withName(d.getMetadata().getName()).edit(dep -> {
                dep.getMetadata().getAnnotations().remove(REPLICAS_ANNOTATION);
                return dep;
            });
        }
    }

    /**
     * After a rolling hop the coordinators stay in active-standby: the chart's own
     * {@code <coordinator>.activeStandby.enabled}, so that Helm keeps what rollingUpdate.sh wrote in the ConfigMap.
     */
    private Map<String, String> activeStandbyValues(Location.HelmRelease where) throws IOException {
        Map<String, String> set = new HashMap<>();
        for (Component c : observer.observe(where.namespace(), where.release()).components().keySet()) {
            String key = switch (c) {
                case ROOTCOORD -> "rootCoordinator";
                case DATACOORD -> "dataCoordinator";
                case QUERYCOORD -> "queryCoordinator";
                case INDEXCOORD -> "indexCoordinator";
                case MIXCOORD -> "mixCoordinator";
                default -> null;
            };
            if (key != null) set.put(key + ".activeStandby.enabled", "true");
        }
        return set;
    }

    /** Scales the Milvus components to zero, remembering their replicas in an annotation for the way back. */
    private StepOutcome stop(Location.HelmRelease where, List<Component> components) {
        List<String> stopped = new ArrayList<>();
        for (Component c : components) {
            Optional<Deployment> d = observer.deployment(where.namespace(), where.release(), c);
            if (d.isEmpty() || Integer.valueOf(0).equals(d.get().getSpec().getReplicas())) continue;
            client.apps().deployments().inNamespace(where.namespace()).withName(d.get().getMetadata().getName()).edit(dep -> {
                dep.getMetadata().getAnnotations();
                if (dep.getMetadata().getAnnotations() == null) dep.getMetadata().setAnnotations(new HashMap<>());
                dep.getMetadata().getAnnotations().putIfAbsent(REPLICAS_ANNOTATION, String.valueOf(dep.getSpec().getReplicas()));
                dep.getSpec().setReplicas(0);
                return dep;
            });
            stopped.add(c.id());
        }
        return new Done(stopped.isEmpty() ? "already stopped" : "scaled to 0: " + stopped);
    }

    private StepOutcome waitNoSessions(StepContext ctx) throws EtcdUnavailable {
        List<String> sessions = etcd.liveSessions(ctx.target().etcdRootPath());
        if (sessions.isEmpty()) return new Done("no Milvus session left in etcd");
        if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
            return Failed.fatal(FailureReason.LIVE_SESSIONS, "Milvus sessions still alive after " + ctx.timeout() + ": " + sessions);
        }
        return new InProgress(recheck, "sessions to expire: " + sessions);
    }

    private StepOutcome verifyRemoved(StepContext ctx, Location.HelmRelease where, List<Component> components) {
        List<String> still = components.stream().filter(c -> observer.deployment(where.namespace(), where.release(), c).isPresent())
                .map(Component::id).toList();
        // Done names what went away; waiting names what is still there.
        List<String> named = still.isEmpty() ? components.stream().map(Component::id).toList() : still;
        return waitUntil(ctx, still.isEmpty(), "removal of " + named, FailureReason.ROLLOUT_TIMEOUT);
    }

    /** The proxy is ready: the cluster answers. (A client request against port 19530 needs the in-cluster network.) */
    private StepOutcome smokeTest(StepContext ctx, Location.HelmRelease where, Step.SmokeTest step) throws IOException {
        ObservedRelease m = observer.observe(where.namespace(), where.release());
        return smokeTest.run(ctx, step, m.components(), where.namespace(), ChartNames.fullname(where.release()));
    }

    private StepOutcome waitUntil(StepContext ctx, boolean condition, String waitingFor, FailureReason onTimeout) {
        if (condition) return new Done(waitingFor + ": done");
        if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
            return Failed.fatal(onTimeout, "gave up waiting for " + waitingFor + " after " + ctx.timeout());
        }
        return new InProgress(recheck, waitingFor);
    }
}
