package io.milvusgitops.policy.path;

import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.version.Version;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One typed step of a hop. A driver executes a step and reports on it; it never decides which steps
 * to run. Each step is done when its effect is observable (a rollout complete, a Job succeeded), so
 * a driver may call it again after a crash and it does nothing twice.
 *
 * <p>The {@link #type()} of a step is its kebab-case name ({@code update-component}), used in JSON,
 * records and metrics.
 */
public sealed interface Step {

    default String type() {
        return Naming.kebab(getClass().getSimpleName());
    }

    /** A short human line: "update querynode to milvusdb/milvus:v2.5.16". */
    String describe();

    /** The images this step starts (a driver checks they are there before a hop begins). */
    default List<Image> images() {
        return List.of();
    }

    /**
     * Whether the step leaves the deployment as it is (it checks, or copies the metadata out): a hop that fails
     * in such steps, before any other ran, has nothing to roll back, and must not stop Milvus to "undo" it.
     */
    default boolean leavesDeploymentAsItIs() {
        return false;
    }

    /** Before anything changes: every component rolled out and ready, nothing half-upgraded. */
    record CheckHealthy() implements Step {
        public String describe() { return "check that every component is rolled out and ready"; }
        public boolean leavesDeploymentAsItIs() { return true; }
    }

    /** Copy every etcd key and value under the Milvus root path to the backup store, with a checksum. */
    record BackupMetadata() implements Step {
        public String describe() { return "back up the Milvus metadata in etcd"; }
        public boolean leavesDeploymentAsItIs() { return true; }
    }

    /** Rollback: put the backed-up metadata back, byte for byte. */
    record RestoreMetadata() implements Step {
        public String describe() { return "restore the Milvus metadata from the backup"; }
    }

    /** Coordinators in active-standby mode (user.yaml {@code enableActiveStandby: true}), needed for a rolling upgrade. */
    record EnableActiveStandby(List<Component> coordinators) implements Step {
        public EnableActiveStandby { coordinators = List.copyOf(coordinators); }
        public String describe() { return "enable active-standby for " + Naming.join(coordinators); }
    }

    /** Replace one component's image (a Deployment's pod template, or a container). */
    record UpdateComponent(Component component, Image image) implements Step {
        public String describe() { return "update " + component + " to " + image; }
        @Override public List<Image> images() { return List.of(image); }
    }

    /** Wait until the components (all, when empty) are rolled out, ready and answer {@code /healthz}. */
    record WaitHealthy(List<Component> components) implements Step {
        public WaitHealthy { components = List.copyOf(components); }
        public String describe() {
            return components.isEmpty() ? "wait until every component is healthy" : "wait until " + Naming.join(components) + " is healthy";
        }
    }

    /** Stop the Milvus components (scale to zero / stop containers); etcd, MinIO and the MQ keep running. */
    record StopComponents(List<Component> components) implements Step {
        public StopComponents { components = List.copyOf(components); }
        public String describe() { return "stop " + Naming.join(components); }
    }

    /** Wait until no Milvus session key remains in etcd: a live session makes the meta migration fail. */
    record WaitNoLiveSessions() implements Step {
        public String describe() { return "wait until no Milvus session remains in etcd"; }
    }

    /** Run the meta-migration tool (a Job, or a container) from {@code source} to {@code target}. */
    record RunMetaMigration(Version source, Version target, String toolImage) implements Step {
        public String describe() { return "run " + toolImage + " to migrate the metadata from " + source + " to " + target; }
        @Override public List<Image> images() { return List.of(Image.parse(toolImage)); }
    }

    /** Start the components on an image. */
    record StartComponents(List<Component> components, Image image) implements Step {
        public StartComponents { components = List.copyOf(components); }
        public String describe() { return "start " + Naming.join(components) + " on " + image; }
        @Override public List<Image> images() { return List.of(image); }
    }

    /**
     * {@code helm upgrade <release> <chart> --version <chartVersion> --reuse-values|--reset-then-reuse-values --set ...}:
     * every value it sets is in {@code set}, with its purpose (the image always; what keeps the release as it runs).
     */
    record HelmUpgrade(String chart, Version chartVersion, ValuesMode values, List<HelmValue> set) implements Step {
        public HelmUpgrade { set = List.copyOf(set); }
        public String describe() {
            return "helm upgrade to " + chart + " " + chartVersion + " " + values.flag() + Naming.sets(set);
        }
    }

    /**
     * After a rolling upgrade: bring the Helm release record to the chart of the new version, so Helm and the
     * cluster agree; with the same pinned values, so the record changes nothing that runs.
     */
    record SyncHelmRelease(String chart, Version chartVersion, ValuesMode values, List<HelmValue> set) implements Step {
        public SyncHelmRelease { set = List.copyOf(set); }
        public String describe() { return "record the release as " + chart + " " + chartVersion + " in Helm " + values.flag() + Naming.sets(set); }
    }

    /** Operator: set {@code spec.components.image} with the given image update mode. */
    record SetMilvusImage(Image image, ImageUpdateMode mode) implements Step {
        public String describe() { return "set the Milvus resource's image to " + image + " (" + mode.id() + ")"; }
    }

    /** Operator: the Milvus Operator itself must be at least this version. */
    record CheckOperatorVersion(Version minimum) implements Step {
        public String describe() { return "check that the Milvus Operator is v" + minimum + " or later"; }
        public boolean leavesDeploymentAsItIs() { return true; }
    }

    /**
     * Operator: run the merged coordinator (spec.components.mixCoord) in place of the separate ones, on the
     * image the deployment runs (the 2.6 operator guide's step before the 2.6 image).
     */
    record EnableMixCoord(Image image) implements Step {
        public String describe() { return "enable mixCoord (the merged coordinator) on " + image; }
        @Override public List<Image> images() { return List.of(image); }
    }

    /**
     * Operator: create a MilvusUpgrade resource and wait until it reports Succeeded. It names the target image and the
     * tool image itself: the operator fills them in only in its admission webhook, which is off by default.
     */
    record CreateMilvusUpgrade(Version source, Version target, Image targetImage, String toolImage) implements Step {
        public String describe() { return "create a MilvusUpgrade from " + source + " to " + target + " (" + toolImage + ")"; }
        @Override public List<Image> images() { return List.of(targetImage, Image.parse(toolImage)); }
    }

    /**
     * Operator rollback: the operator's own rollback of the hop's MilvusUpgrade ({@code spec.operation: rollback}),
     * which restores the backup it took when Milvus was stopped; done whether it succeeds or fails (the next steps
     * say what follows a failed one).
     */
    record RollbackMilvusUpgrade() implements Step {
        public String describe() { return "ask the operator to roll the MilvusUpgrade back and wait for it"; }
    }

    /**
     * Operator rollback's fallback: {@code step} runs only if the operator's rollback failed (or cannot have restored
     * anything); after a successful one it has nothing to do.
     */
    record IfOperatorRollbackFailed(Step step) implements Step {
        public String describe() { return step.describe() + ", if the operator's rollback failed"; }
        @Override public List<Image> images() { return step.images(); }
    }

    /** Remove components that the new version no longer has. */
    record RemoveComponents(List<Component> components) implements Step {
        public RemoveComponents { components = List.copyOf(components); }
        public String describe() { return "remove " + Naming.join(components); }
    }

    /** Check that components are gone (Helm removes them itself on a topology change). */
    record VerifyRemoved(List<Component> components) implements Step {
        public VerifyRemoved { components = List.copyOf(components); }
        public String describe() { return "check that " + Naming.join(components) + " no longer run"; }
    }

    /** Create the components that the new version adds. */
    record CreateComponents(List<Component> components, Image image) implements Step {
        public CreateComponents { components = List.copyOf(components); }
        public String describe() { return "create " + Naming.join(components) + " on " + image; }
        @Override public List<Image> images() { return List.of(image); }
    }

    /** Data migration: install a new deployment of {@code version} beside the old one. */
    record InstallDeployment(Version version, Image image, Optional<Version> chartVersion) implements Step {
        public String describe() {
            return "install a new " + version + " deployment beside the old one" + chartVersion.map(c -> " (chart " + c + ")").orElse("");
        }
    }

    /** Data migration rollback: remove the new deployment; the old one was never touched. */
    record UninstallDeployment(Version version) implements Step {
        public String describe() { return "remove the new " + version + " deployment"; }
    }

    /** Data migration: copy the data with the tool (MilvusDM, {@code milvusdm --yaml M2M.yaml}). */
    record RunDataMigration(String tool, Version source, Version target) implements Step {
        public String describe() { return "copy the data from " + source + " to the new " + target + " deployment with " + tool; }
    }

    /**
     * Compose: MinIO on a new image (its container replaced, its data kept, the Compose file's MinIO tag
     * written), as the guide changes MinIO's tag together with Milvus's.
     */
    record UpdateMinio(Image image) implements Step {
        public String describe() { return "update MinIO to " + image + " (container and Compose file)"; }
        @Override public List<Image> images() { return List.of(image); }
    }

    /**
     * Compose: the stopped Milvus containers say which message queue they use ({@code MQ_TYPE}, Milvus's
     * {@code mq.type}), so that a new version whose default queue differs keeps the one that runs.
     */
    record PinMessageQueue(MessageQueue queue) implements Step {
        public String describe() { return "pin the message queue to " + queue + " (mq.type) before the new image starts"; }
    }

    /** Compose: write the new image tags into the Compose file, so that a later {@code up} does not roll back. */
    record UpdateComposeFile(Image image) implements Step {
        public String describe() { return "write " + image + " into the Compose file"; }
    }

    /**
     * Ask Milvus itself through its SDK, at the proxy's gRPC port: GetVersion must answer {@code version} (pods that say
     * the new version in front of a proxy that answers the old one are not upgraded), CheckHealth must be healthy, and
     * the target's canary collection, where it names one, must answer a read.
     */
    record SmokeTest(Version version) implements Step {
        public String describe() { return "smoke test through the Milvus SDK: GetVersion answers " + version + ", CheckHealth is healthy"; }
    }

    /** How {@code helm upgrade} treats the values of the release. */
    enum ValuesMode implements Named {
        REUSE("reuse-values"), RESET_THEN_REUSE("reset-then-reuse-values");

        private final String id;

        ValuesMode(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        /** The {@code helm upgrade} flag: {@code --reset-then-reuse-values}. */
        public String flag() {
            return "--" + id;
        }
    }

    /** {@code spec.components.imageUpdateMode} of the Milvus resource. */
    enum ImageUpdateMode implements Named {
        ROLLING_UPGRADE("rollingUpgrade"), ROLLING_DOWNGRADE("rollingDowngrade"), ALL("all");

        private final String id;

        ImageUpdateMode(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }

    /** Spelling helpers for steps. */
    final class Naming {
        private Naming() {
        }

        static String kebab(String camel) {
            return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }

        static String join(List<Component> components) {
            return String.join(", ", components.stream().map(Component::id).toList());
        }

        static String sets(List<HelmValue> set) {
            return set.stream().map(v -> " --set " + v).reduce("", String::concat);
        }
    }
}
