package io.milvusgitops.daemon.compose;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.driver.StepOutcome.InProgress;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.etcd.EtcdUnavailable;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The first step of every hop: everything the hop will need is checked before anything changes, so a
 * hop that cannot finish fails with nothing to undo. The project runs Milvus in the fleet's mode,
 * nothing is left over from an unfinished hop, every image the hop starts is on the host, the
 * Compose file (when the fleet names one) can be written, the daemon reaches the project's etcd when
 * the hop backs up metadata, and every component is running, healthy and answers /healthz.
 */
final class Preflight {

    private final ContainerOps ops;
    private final MilvusHealthz healthz;
    private final ProjectEtcd etcd;
    private final String dockerHost;

    Preflight(ContainerOps ops, MilvusHealthz healthz, ProjectEtcd etcd, String dockerHost) {
        this.ops = ops;
        this.healthz = healthz;
        this.etcd = etcd;
        this.dockerHost = dockerHost;
    }

    StepOutcome check(StepContext ctx, Location.ComposeProject where, ObservedProject p, Clock clock, Duration recheck)
            throws ContainerOps.MissingImage, ProjectEtcd.Unreachable, EtcdUnavailable {
        if (p.milvus().isEmpty()) {
            return Failed.fatal(FailureReason.NOT_FOUND, "no Milvus container in Compose project " + p.project() + " on " + dockerHost
                    + " (looked for containers labelled " + ComposeLabels.PROJECT + "=" + p.project() + " that run 'milvus run <component>')");
        }
        if (p.mode() != ctx.target().mode()) {
            return Failed.fatal(FailureReason.PRECONDITION, "project " + p.project() + " runs Milvus " + p.mode().id() + " but the fleet says "
                    + ctx.target().mode().id() + ": correct the mode of " + ctx.target().name());
        }
        if (MilvusGrpcPort.of(p, dockerHost) instanceof MilvusGrpcPort.Reach.Unreachable u) {
            return Failed.fatal(FailureReason.PRECONDITION, u.why());
        }
        if (!p.retired().isEmpty()) {
            return Failed.fatal(FailureReason.PRECONDITION, "containers " + p.retired().stream().map(ProjectContainer::name).toList()
                    + " are left from an unfinished upgrade: once the project runs as it should, remove them (docker rm)");
        }
        for (String image : images(ctx.hop())) ops.requireImage(image);
        if (where.composeFile().isPresent() && !Files.isWritable(Path.of(where.composeFile().get()))) {
            return Failed.fatal(FailureReason.PRECONDITION, "the Compose file " + where.composeFile().get() + " of " + ctx.target().name()
                    + " is not writable by the daemon: the new image tags could not be written into it; fix the path or its permissions");
        }
        if (ctx.hop().steps().stream().anyMatch(s -> s instanceof Step.BackupMetadata)) {
            etcd.metadata(p).liveSessions(ctx.target().etcdRootPath()); // reachable now, not half-way through the hop
        }
        List<String> pending = new ArrayList<>();
        for (ProjectContainer c : p.milvus()) {
            if (!c.healthy()) pending.add(c.name() + " (" + c.health().orElse(c.state()) + ")");
            else healthz.problem(c).ifPresent(pending::add);
        }
        if (pending.isEmpty()) return new Done(p.milvus().size() + " Milvus containers running and healthy");
        if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
            return Failed.fatal(FailureReason.PRECONDITION, "not healthy before the hop after " + ctx.timeout() + ": " + pending);
        }
        return new InProgress(recheck, "every component healthy before the hop starts: " + pending);
    }

    /** Every image the hop's steps start: the new Milvus image, the meta-migration tool. */
    static List<String> images(Hop hop) {
        return hop.steps().stream().flatMap(s -> s.images().stream()).map(Image::toString).distinct().toList();
    }
}
