package io.milvusgitops.daemon.compose;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.driver.StepOutcome.InProgress;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.policy.target.MessageQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two steps where the Docker guides touch more than Milvus's image: MinIO's image (the 2.6 guide changes
 * MinIO's tag with Milvus's), and the message queue a new version must keep ({@code MQ_TYPE}: Milvus reads
 * every configuration key from an environment variable of the key's name, as the Compose files'
 * {@code ETCD_ENDPOINTS} and {@code COMMON_STORAGETYPE} do; the v3.0.x Compose page pins {@code mq.type: rocksmq}).
 * Both keep the old container stopped for the way back, as every replacement here does ({@link ContainerOps}).
 */
final class ProjectDependencies {

    /** {@code mq.type}, as an environment variable. */
    static final String MQ_TYPE = "MQ_TYPE";

    private final ContainerOps ops;

    ProjectDependencies(ContainerOps ops) {
        this.ops = ops;
    }

    /**
     * MinIO on {@code image}, running and healthy by its own healthcheck. A project without a MinIO container (an
     * external object store) has nothing to update. MinIO is not taken back on a rollback: the older Milvus talks
     * S3 to the newer MinIO, while an older MinIO may not read what a newer one wrote.
     */
    StepOutcome updateMinio(StepContext ctx, ObservedProject p, String image, Clock clock, Duration recheck) throws ContainerOps.MissingImage {
        Optional<ProjectContainer> minio = p.dependencies().stream()
                .filter(c -> c.dependency().equals(Optional.of(ProjectContainer.Dependency.MINIO)) && !c.retired()).findFirst();
        if (minio.isEmpty()) return new Done("no MinIO container in project " + p.project() + " (an external object store): nothing to update");
        ProjectContainer m = minio.get();
        if (!m.image().equals(image)) {
            ops.requireImage(image);
            return new InProgress(recheck, ops.put(p, m.name(), image) + "; waiting for it to be healthy");
        }
        if (!m.running()) ops.start(m);
        if (m.healthy()) return new Done(m.name() + " runs " + image);
        if (m.crashed() || clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
            return Failed.fatal(FailureReason.NOT_READY, "MinIO " + m.name() + " (" + image + ") is not healthy: see docker logs " + m.name());
        }
        return new InProgress(recheck, m.name() + " to be healthy on " + image);
    }

    /**
     * Every stopped Milvus container says {@code MQ_TYPE=<queue>}: recreated stopped with it, the original kept
     * as {@code <name>.pre-upgrade} (the next start takes its spec, the way back takes the original). A running
     * container is refused: the pin comes between the stop and the start.
     */
    StepOutcome pinQueue(ObservedProject p, MessageQueue queue) {
        String pin = MQ_TYPE + "=" + queue.id();
        List<String> did = new ArrayList<>();
        List<ProjectContainer> targets = new ArrayList<>(p.milvus());
        // A container kept for the way back whose pinned replacement a crash left uncreated.
        p.retired().stream().filter(r -> r.component().isPresent() && p.named(r.serviceName()).isEmpty()).forEach(targets::add);
        for (ProjectContainer c : targets) {
            ContainerSpec spec = ops.spec(c);
            if (!c.retired() && spec.env().contains(pin)) continue;
            if (c.running()) {
                return Failed.fatal(FailureReason.PRECONDITION, c.name() + " runs: the message queue is pinned between the stop and the start");
            }
            String name = c.serviceName();
            if (!c.retired()) {
                if (p.named(name + ComposeLabels.RETIRED).isPresent()) {
                    ops.remove(c); // our own replacement of an earlier call: the original is the one kept
                } else {
                    ops.docker().renameContainerCmd(c.id()).withName(name + ComposeLabels.RETIRED).exec();
                }
            }
            spec.named(name).withEnv(MQ_TYPE, queue.id()).create(ops.docker());
            did.add(name);
        }
        return new Done(did.isEmpty() ? "every Milvus container already says " + pin
                : pin + " set on " + did + " (stopped; the originals kept for the way back). Before the next docker compose up, add "
                        + pin + " (or mq.type: " + queue.id() + " in user.yaml) to the Compose file's Milvus services");
    }
}
