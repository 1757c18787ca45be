package io.milvusgitops.daemon.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.driver.StepOutcome.InProgress;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.etcd.MetadataSteps;
import io.milvusgitops.policy.path.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The 2.1 -> 2.2 meta migration as upgrade_milvus_cluster-docker.md runs it: {@code docker run --network
 * <project network> -v migration.yaml:/milvus/configs/migration.yaml milvusdb/meta-migration:v2.2.0
 * /milvus/bin/meta-migration -config=/milvus/configs/migration.yaml}. The file is copied into the
 * container before it starts instead of mounted from a host path, because the daemon may not share a
 * file system with the Docker host. The container is named after the hop and kept after it ends
 * (for {@code docker logs}), so a repeated step finds it and never migrates twice.
 */
final class MetaMigrationContainer {

    private static final Pattern SECRET = Pattern.compile("(?i)((?:password|secret|token|key)[\\w.-]*\\s*[:=]\\s*)\\S+");

    private final DockerClient docker;
    private final Clock clock;
    private final Duration recheck;

    MetaMigrationContainer(DockerClient docker, Clock clock, Duration recheck) {
        this.docker = docker;
        this.clock = clock;
        this.recheck = recheck;
    }

    static String name(ObservedProject p, StepContext ctx) {
        return p.project() + "-meta-migration-" + ctx.hopId();
    }

    /** The container of this hop's migration, if it was created. */
    InspectContainerResponse find(String name) {
        try {
            return docker.inspectContainerCmd(name).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Creates and starts the migration; the caller has made sure no Milvus component runs and no session is left. */
    StepOutcome start(StepContext ctx, ObservedProject p, Step.RunMetaMigration s) throws IOException {
        String name = name(p, ctx);
        String network = network(p);
        String id = docker.createContainerCmd(s.toolImage()).withName(name)
                .withCmd("/milvus/bin/meta-migration", "-config=/milvus/configs/migration.yaml")
                .withLabels(Map.of(ComposeLabels.TOOL_PROJECT, p.project(), ComposeLabels.TOOL, "meta-migration"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network)).exec().getId();
        copyConfig(id, p, s, ctx);
        docker.startContainerCmd(id).exec();
        return new InProgress(recheck, "meta migration container " + name + " started on network " + network);
    }

    /** migration.yaml into the container; writing it again is harmless. */
    private void copyConfig(String id, ObservedProject p, Step.RunMetaMigration s, StepContext ctx) throws IOException {
        docker.copyArchiveToContainerCmd(id).withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(tar(migrationYaml(p, s, ctx.target().etcdRootPath())))).exec();
    }

    /** Where the migration container stands, as a step outcome. */
    StepOutcome progress(StepContext ctx, ObservedProject p, InspectContainerResponse c, Step.RunMetaMigration s) throws IOException {
        String name = c.getName().replaceFirst("^/", "");
        var state = c.getState();
        if ("created".equals(state.getStatus())) {
            // Created but never started: the daemon stopped (or Docker restarted) in between, perhaps even
            // before migration.yaml was copied in. Copy it again, then start.
            copyConfig(c.getId(), p, s, ctx);
            docker.startContainerCmd(c.getId()).exec();
            return new InProgress(recheck, "meta migration container " + name + " started");
        }
        if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
            if (clock.instant().isAfter(ctx.startedAt().plus(ctx.timeout()))) {
                return Failed.fatal(FailureReason.JOB_FAILED, "meta migration container " + name + " did not finish within " + ctx.timeout()
                        + "; see docker logs " + name);
            }
            return new InProgress(recheck, "meta migration container " + name);
        }
        long code = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong();
        if (code == 0) {
            return new Done("meta migration " + s.source() + " -> " + s.target() + " succeeded (container " + name + ")");
        }
        return Failed.fatal(FailureReason.JOB_FAILED, "meta migration container " + name + " (" + s.toolImage() + ") exited with code " + code
                + (code == 137 || code == 143 ? " (killed: Docker stopped it)" : "") + ": " + tail(c.getId()) + "; see docker logs " + name);
    }

    /** The network the Milvus containers share with etcd: where the guide runs the migration ({@code --network milvus}). */
    static String network(ObservedProject p) {
        List<String> milvus = p.containers().stream().filter(c -> c.component().isPresent())
                .flatMap(c -> c.networks().keySet().stream()).filter(ContainerSpec::isUserDefined).distinct().toList();
        List<String> etcd = p.dependencies().stream().filter(c -> c.dependency().orElseThrow() == ProjectContainer.Dependency.ETCD)
                .flatMap(c -> c.networks().keySet().stream()).toList();
        return milvus.stream().filter(etcd::contains).findFirst().or(() -> milvus.stream().findFirst()).orElse("bridge");
    }

    /** migration.yaml with the etcd endpoints the Milvus containers use. */
    static String migrationYaml(ObservedProject p, Step.RunMetaMigration s, String rootPath) {
        return MetadataSteps.migrationYaml(s, p.etcdEndpoints().isEmpty() ? List.of("etcd:2379") : p.etcdEndpoints(), rootPath);
    }

    private static byte[] tar(String yaml) throws IOException {
        byte[] body = yaml.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String dir : List.of("milvus/", "milvus/configs/")) {
                TarArchiveEntry d = new TarArchiveEntry(dir);
                d.setMode(0755);
                tar.putArchiveEntry(d);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry f = new TarArchiveEntry("milvus/configs/migration.yaml");
            f.setSize(body.length);
            f.setMode(0644);
            tar.putArchiveEntry(f);
            tar.write(body);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    /** The last lines the tool printed, secrets masked: enough to see why it failed. */
    private String tail(String id) {
        StringBuilder out = new StringBuilder();
        try (ResultCallback.Adapter<Frame> cb = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(3)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame f) {
                        out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                    }
                })) {
            cb.awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            return "(its log could not be read: " + e.getMessage() + ")";
        }
        String text = SECRET.matcher(out.toString().strip()).replaceAll("$1***");
        return text.isEmpty() ? "(it printed nothing)" : "'" + String.join(" | ", text.lines().toList()) + "'";
    }
}
