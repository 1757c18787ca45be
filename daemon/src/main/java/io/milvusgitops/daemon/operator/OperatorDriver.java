package io.milvusgitops.daemon.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.milvusgitops.daemon.driver.Deadline;
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
import io.milvusgitops.daemon.kube.MilvusPortForward;
import io.milvusgitops.daemon.milvus.MilvusProbe;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes the steps of a hop on a Milvus the Milvus Operator runs, one step per call, by writing the {@code Milvus}
 * resource as the operator's upgrade guides do ({@code kubectl patch --type merge}) and creating a
 * {@code MilvusUpgrade} for the 2.1 -> 2.2 metadata migration; then it follows what the operator reports. The
 * operator does the rollout: this driver never touches the Deployments it made. Every step is done when its effect is
 * observable and does nothing twice: called again after a crash it finds the image already set, the MilvusUpgrade
 * already created, the replicas already recorded.
 */
public final class OperatorDriver implements TargetDriver {

    private final KubernetesClient client;
    private final OperatorObserver observer;
    private final OperatorObserver live;
    private final MilvusPatches patches;
    private final MilvusUpgrades upgrades;
    private final OperatorInstallation installation;
    private final EtcdMetadata etcd;
    private final MetadataSteps metadata;
    private final Healthz healthz;
    private final KubeSmokeTest smokeTest;
    private final Deadline deadline;

    /** Observes through direct reads: {@code plan}, {@code status} and the tests, which look once. */
    public OperatorDriver(KubernetesClient client, EtcdMetadata etcd, BackupStore backups, Clock clock, Duration recheck) {
        this(client, KubeReads.direct(client), etcd, backups, clock, recheck);
    }

    /** Observes through {@code reads} (a watch-fed cache); steps still read directly, to see their own writes. */
    public OperatorDriver(KubernetesClient client, KubeReads reads, EtcdMetadata etcd, BackupStore backups, Clock clock, Duration recheck) {
        this.client = client;
        this.observer = new OperatorObserver(KubeReads.direct(client));
        this.live = new OperatorObserver(reads);
        this.patches = new MilvusPatches(client);
        this.upgrades = new MilvusUpgrades(client);
        this.installation = new OperatorInstallation(client);
        this.etcd = etcd;
        this.metadata = new MetadataSteps(backups);
        this.healthz = new Healthz(client);
        this.smokeTest = new KubeSmokeTest(healthz, new MilvusPortForward(client, new MilvusProbe(MilvusProbe.DEFAULT_TIMEOUT)));
        this.deadline = new Deadline(clock, recheck);
    }

    @Override
    public Optional<Observed> observe(Target target) throws IOException {
        if (!(target.location() instanceof Location.MilvusResource where)) return Optional.empty();
        try {
            return live.observe(where.namespace(), where.name()).map(m -> new Observed(m.version(),
                    m.versions().stream().findFirst().orElse(Version.of(0, 0, 0)), m.health(), m.resource().mode(), m.resource().messageQueue()));
        } catch (KubernetesClientException e) {
            throw new IOException(KubeFailures.describe(e), e);
        }
    }

    @Override
    public StepOutcome execute(StepContext ctx, Step step) {
        if (!(ctx.target().location() instanceof Location.MilvusResource where)) {
            return Failed.fatal(FailureReason.PRECONDITION, ctx.target().name() + " is not a Milvus resource of the operator");
        }
        try {
            return switch (step) {
                case Step.CheckHealthy s -> checkHealthy(ctx, where);
                case Step.CheckOperatorVersion s -> checkOperator(s.minimum());
                case Step.SetMilvusImage s -> patches.setImage(read(where), s.image(), s.mode());
                case Step.EnableMixCoord s -> patches.enableMixCoord(read(where), s.image());
                case Step.WaitHealthy s -> waitHealthy(ctx, where, s.components());
                case Step.BackupMetadata s -> metadata.backup(ctx, etcd);
                case Step.RestoreMetadata s -> metadata.restore(ctx, etcd);
                case Step.WaitNoLiveSessions s -> metadata.waitNoSessions(ctx, etcd, deadline);
                case Step.CreateMilvusUpgrade s -> migrate(ctx, where, s);
                case Step.RollbackMilvusUpgrade s -> rollBackMigration(ctx, where);
                case Step.IfOperatorRollbackFailed s -> ifRollbackFailed(ctx, where, s);
                case Step.StopComponents s -> patches.stop(read(where));
                case Step.StartComponents s -> patches.start(read(where), s.image(), s.components(), upgrades.find(where, ctx)
                        .map(MilvusUpgrades.Observed::replicasBefore).orElse(Map.of()));
                case Step.VerifyRemoved s -> verifyRemoved(ctx, where, s.components());
                case Step.SmokeTest s -> smokeTest(ctx, where, s);
                case Step.UpdateComponent s -> notForOperator(step);
                case Step.EnableActiveStandby s -> notForOperator(step);
                case Step.HelmUpgrade s -> notForOperator(step);
                case Step.SyncHelmRelease s -> notForOperator(step);
                case Step.RunMetaMigration s -> notForOperator(step);
                case Step.RemoveComponents s -> notForOperator(step);
                case Step.CreateComponents s -> notForOperator(step);
                case Step.InstallDeployment s -> notForOperator(step);
                case Step.RunDataMigration s -> notForOperator(step);
                case Step.UninstallDeployment s -> notForOperator(step);
                case Step.UpdateComposeFile s -> notForOperator(step);
                case Step.UpdateMinio s -> notForOperator(step);
                case Step.PinMessageQueue s -> notForOperator(step);
            };
        } catch (MilvusPatches.NoSuchMilvus e) {
            return Failed.fatal(FailureReason.NOT_FOUND, e.getMessage());
        } catch (KubernetesClientException e) {
            return Failed.retryable(FailureReason.UNREACHABLE, KubeFailures.describe(e));
        } catch (EtcdUnavailable e) {
            return Failed.retryable(FailureReason.UNREACHABLE, e.getMessage());
        } catch (IOException e) {
            return Failed.retryable(FailureReason.UNREACHABLE, e.getMessage());
        }
    }

    /** A step of another deployment method: the planner never gives one for the operator; a record from elsewhere might. */
    private static StepOutcome notForOperator(Step step) {
        return Failed.fatal(FailureReason.PRECONDITION, step.type() + " is not a step of a Milvus the operator runs");
    }

    private MilvusResource read(Location.MilvusResource where) throws MilvusPatches.NoSuchMilvus {
        return observer.observe(where.namespace(), where.name()).map(ObservedMilvus::resource)
                .orElseThrow(() -> new MilvusPatches.NoSuchMilvus(where));
    }

    /**
     * Before anything changes: the resource exists, keeps its metadata where the fleet says, and the operator reports it
     * Healthy and updated for its newest generation; no rolling hop over a queue that cannot roll.
     */
    private StepOutcome checkHealthy(StepContext ctx, Location.MilvusResource where) throws MilvusPatches.NoSuchMilvus {
        ObservedMilvus m = observer.observe(where.namespace(), where.name()).orElseThrow(() -> new MilvusPatches.NoSuchMilvus(where));
        MilvusResource r = m.resource();
        if (!r.etcdRootPath().equals(ctx.target().etcdRootPath())) {
            // A backup of the wrong root path would restore nothing: refuse before anything changes.
            return Failed.fatal(FailureReason.PRECONDITION, "the Milvus resource keeps its metadata under etcd root path '" + r.etcdRootPath()
                    + "' (spec.config.etcd.rootPath, else its name) but the fleet says '" + ctx.target().etcdRootPath() + "': correct etcdRootPath of "
                    + ctx.target().name());
        }
        if (ctx.hop().kind() == HopKind.ROLLING && (!r.rollingUpdate() || r.messageQueue() == MessageQueue.ROCKSMQ)) {
            return Failed.fatal(FailureReason.PRECONDITION, "the operator does not roll this Milvus (" + r.messageQueue()
                    + ", enableRollingUpdate " + r.rollingUpdate() + "): no rolling upgrade");
        }
        if (r.settled() && "Healthy".equals(r.status().health()) && m.components().values().stream().allMatch(ComponentState::rolledOut)) {
            return new Done("the operator reports " + where.name() + " Healthy and updated on " + r.image());
        }
        return deadline.waiting(ctx, "the operator to report " + where.name() + " Healthy and updated: " + r.unsettled(), FailureReason.PRECONDITION,
                "not healthy before the hop: " + r.unsettled());
    }

    /** 2.6 runs only under operator v1.3.0 or later: refuse with the remedy before anything changes. */
    private StepOutcome checkOperator(Version minimum) {
        Optional<OperatorInstallation.Found> found = installation.find();
        if (found.isEmpty()) {
            return Failed.fatal(FailureReason.PRECONDITION, "no Milvus Operator found (a Deployment labelled app.kubernetes.io/name=milvus-operator): "
                    + "install it, or let the daemon list Deployments in namespace " + OperatorInstallation.DEFAULT_NAMESPACE);
        }
        Optional<Version> version = found.get().version();
        if (version.isEmpty()) {
            return Failed.fatal(FailureReason.PRECONDITION, "the Milvus Operator's image tag is no version: " + found.get().describe()
                    + "; run a released operator (v" + minimum + " or later)");
        }
        if (version.get().compareTo(minimum) < 0) {
            return Failed.fatal(FailureReason.PRECONDITION, "the Milvus Operator is v" + version.get() + " (" + found.get().describe() + "); this hop needs v"
                    + minimum + " or later: upgrade the operator first (helm -n " + found.get().namespace()
                    + " upgrade milvus-operator zilliztech-milvus-operator/milvus-operator), then push again");
        }
        return new Done("the Milvus Operator is v" + version.get() + " (v" + minimum + " or later)");
    }

    /**
     * Done once the operator reports the spec's image current (MilvusReady and MilvusUpdated for the newest generation)
     * and every component's Deployment runs it, rolled out. While waiting, the operator's own words say what is pending.
     */
    private StepOutcome waitHealthy(StepContext ctx, Location.MilvusResource where, List<Component> only) throws MilvusPatches.NoSuchMilvus {
        ObservedMilvus m = observer.observe(where.namespace(), where.name()).orElseThrow(() -> new MilvusPatches.NoSuchMilvus(where));
        MilvusResource r = m.resource();
        List<ComponentState> pending = m.components().values().stream()
                .filter(c -> only.isEmpty() || only.contains(c.component()))
                .filter(c -> !c.rolledOut() || !c.image().equals(r.image().toString())).toList();
        if (pending.isEmpty() && r.settled()) {
            return new Done("the operator reports " + where.name() + " on " + r.image() + ": MilvusReady and MilvusUpdated");
        }
        String what = r.unsettled() + (pending.isEmpty() ? "" : "; pending " + pending.stream()
                .map(c -> c.component() + " (" + c.readyReplicas() + "/" + c.replicas() + " ready, " + c.image() + ")").toList());
        boolean stuck = pending.stream().anyMatch(ComponentState::stuck) || "Unhealthy".equals(r.status().health());
        return deadline.waiting(ctx, what, stuck ? FailureReason.NOT_READY : FailureReason.ROLLOUT_TIMEOUT, "not updated: " + what);
    }

    /**
     * The hop's MilvusUpgrade: created once, then followed through the operator's states to Succeeded. A failed state
     * (the backup or the migration Pod failed) fails the step: the executor's rollback asks the operator to roll back.
     */
    private StepOutcome migrate(StepContext ctx, Location.MilvusResource where, Step.CreateMilvusUpgrade s) {
        Optional<MilvusUpgrades.Observed> u = upgrades.find(where, ctx);
        if (u.isEmpty()) {
            upgrades.create(where, ctx, s.source(), s.target(), s.targetImage(), s.toolImage());
            return new InProgress(deadline.recheck(), "MilvusUpgrade " + MilvusUpgrades.name(where, ctx) + " created");
        }
        MilvusUpgrades.Observed o = u.get();
        if (o.rollbackRequested()) {
            return Failed.fatal(FailureReason.JOB_FAILED, "MilvusUpgrade " + o.name() + " is being rolled back (" + o.state() + "), not by this hop");
        }
        if (o.state().equals(MilvusUpgrades.SUCCEEDED)) {
            return new Done("MilvusUpgrade " + o.name() + " Succeeded: the metadata is " + s.target() + "'s, " + s.targetImage() + " starts");
        }
        if (MilvusUpgrades.FAILED.contains(o.state())) {
            return Failed.fatal(FailureReason.JOB_FAILED, "MilvusUpgrade " + o.name() + " failed in state " + o.state()
                    + (o.message().isBlank() ? "" : ": " + o.message()));
        }
        return deadline.waiting(ctx, "MilvusUpgrade " + o.name() + ": " + (o.state().isBlank() ? "not started" : o.state()), FailureReason.ROLLOUT_TIMEOUT,
                "MilvusUpgrade " + o.name() + " stays in " + o.state());
    }

    /**
     * The operator's own rollback of the hop's MilvusUpgrade ({@code spec.operation: rollback}): it stops Milvus, puts
     * back the backup it took and starts the source image. Its outcome, success or not, is for the steps after this one
     * ({@link Step.IfOperatorRollbackFailed}); only an operator that never finishes fails it.
     */
    private StepOutcome rollBackMigration(StepContext ctx, Location.MilvusResource where) {
        Optional<MilvusUpgrades.Observed> u = upgrades.find(where, ctx);
        if (u.isEmpty()) return new Done("no MilvusUpgrade of this hop: the operator has nothing to roll back");
        MilvusUpgrades.Observed o = u.get();
        return switch (o.state()) {
            case MilvusUpgrades.ROLLED_BACK -> new Done("the operator rolled MilvusUpgrade " + o.name() + " back: its backup restored, the old image started");
            case MilvusUpgrades.ROLLBACK_FAILED -> new Done("the operator could not roll MilvusUpgrade " + o.name() + " back"
                    + (o.message().isBlank() ? "" : " (" + o.message() + ")") + ": our own backup is restored next");
            default -> {
                if (!o.rollbackRequested()) upgrades.requestRollback(where, ctx);
                yield deadline.waiting(ctx, "the operator's rollback of MilvusUpgrade " + o.name() + ": " + o.state(), FailureReason.ROLLOUT_TIMEOUT,
                        "the operator's rollback of MilvusUpgrade " + o.name() + " stays in " + o.state());
            }
        };
    }

    /**
     * The fallback of a meta-migration rollback: {@code s.step()} runs only when the metadata may be changed and the
     * operator did not put it back: its rollback failed, or there is no MilvusUpgrade while the resource left the hop's
     * source version (someone deleted it after the migration).
     */
    private StepOutcome ifRollbackFailed(StepContext ctx, Location.MilvusResource where, Step.IfOperatorRollbackFailed s)
            throws IOException, EtcdUnavailable, MilvusPatches.NoSuchMilvus {
        Optional<MilvusUpgrades.Observed> u = upgrades.find(where, ctx);
        boolean needed = u.isPresent() ? u.get().state().equals(MilvusUpgrades.ROLLBACK_FAILED)
                : !read(where).image().version().map(ctx.hop().from()::equals).orElse(false);
        if (!needed) {
            return new Done("not needed: " + u.map(o -> "the operator rolled MilvusUpgrade " + o.name() + " back")
                    .orElse("the metadata was never migrated") + " (" + s.step().describe() + ")");
        }
        return execute(ctx, s.step());
    }

    private StepOutcome verifyRemoved(StepContext ctx, Location.MilvusResource where, List<Component> components) throws MilvusPatches.NoSuchMilvus {
        ObservedMilvus m = observer.observe(where.namespace(), where.name()).orElseThrow(() -> new MilvusPatches.NoSuchMilvus(where));
        List<String> still = components.stream().filter(m.components()::containsKey).map(Component::id).toList();
        List<String> named = still.isEmpty() ? components.stream().map(Component::id).toList() : still;
        return deadline.until(ctx, still.isEmpty(), "the operator's removal of " + named, FailureReason.ROLLOUT_TIMEOUT);
    }

    /** The proxy (or standalone) serves, /healthz through the operator's Service {@code <name>-milvus} says OK, Milvus answers through the SDK. */
    private StepOutcome smokeTest(StepContext ctx, Location.MilvusResource where, Step.SmokeTest step) throws MilvusPatches.NoSuchMilvus, IOException {
        ObservedMilvus m = observer.observe(where.namespace(), where.name()).orElseThrow(() -> new MilvusPatches.NoSuchMilvus(where));
        return smokeTest.run(ctx, step, m.components(), where.namespace(), where.name() + "-milvus");
    }
}
