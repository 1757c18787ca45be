package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.output.Output;
import io.milvusgitops.daemon.output.PathView;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.PulsarVersion;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code path}: the upgrade path between two Milvus versions, offline, from the version catalog. */
@Command(name = "path", mixinStandardHelpOptions = true,
        description = {"Print the upgrade path from one Milvus version to another.",
                "Exit 0 when a path exists, 3 when the planner refuses (the reason on stderr)."})
final class PathCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "VERSION", converter = EnumConverters.VersionConverter.class,
            description = "The version the deployment runs, e.g. 2.1.4.")
    Version from;

    @Option(names = "--to", required = true, paramLabel = "VERSION", converter = EnumConverters.VersionConverter.class,
            description = "The version it should run, e.g. 2.6.15.")
    Version to;

    @Option(names = "--method", required = true, paramLabel = "METHOD", converter = EnumConverters.MethodConverter.class,
            description = "How Milvus is deployed: helm, operator or compose.")
    DeployMethod method;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "cluster", converter = EnumConverters.ModeConverter.class,
            description = "standalone or cluster (default: ${DEFAULT-VALUE}).")
    DeployMode mode;

    @Option(names = "--mq", paramLabel = "QUEUE", converter = EnumConverters.QueueConverter.class,
            description = "Message queue: pulsar, kafka, rocksmq, natsmq or woodpecker (default: rocksmq for standalone, pulsar for cluster).")
    MessageQueue mq;

    @Option(names = "--from-mode", paramLabel = "MODE", converter = EnumConverters.ModeConverter.class,
            description = "The mode the deployment runs in now, when it differs from --mode (a mode change).")
    DeployMode fromMode;

    @Option(names = "--no-downtime", description = "Only accept hops without downtime (rolling); refuse otherwise.")
    boolean noDowntime;

    @Option(names = "--pulsar", paramLabel = "GEN", converter = EnumConverters.PulsarConverter.class,
            description = "The Pulsar a Helm release runs: v2 or v3 (default: the default of the chart that installs --from; the daemon reads it).")
    PulsarVersion pulsar;

    @Option(names = "--coordinators", paramLabel = "HOW", converter = EnumConverters.CoordinatorsConverter.class,
            description = "How a cluster runs its coordinators: mixcoord or separate (default: not known; the daemon reads it).")
    Coordinators coordinators;

    @Option(names = "--minio", paramLabel = "IMAGE", description = "The MinIO image a Compose project runs, e.g. minio/minio:RELEASE.2023-03-20T20-16-18Z.")
    String minio;

    @Option(names = "--repo", paramLabel = "DIR",
            description = "A fleet repository whose catalog additions to plan with (docs/fleet-format.md); default: the built-in catalog.")
    Path repo;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", converter = EnumConverters.OutputConverter.class,
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() throws IOException {
        MessageQueue queue = mq != null ? mq : (mode == DeployMode.STANDALONE ? MessageQueue.ROCKSMQ : MessageQueue.PULSAR);
        Layout layout = new Layout(Optional.ofNullable(pulsar), Optional.ofNullable(coordinators), Optional.ofNullable(minio).map(Image::parse));
        PathRequest req = new PathRequest(from, to, method, mode, queue, Optional.ofNullable(fromMode),
                noDowntime ? PathRequest.Strategy.NO_DOWNTIME : PathRequest.Strategy.AUTO, layout);
        Optional<VersionCatalog> catalog = repo == null ? Optional.of(VersionCatalog.builtIn())
                : CatalogInForce.of(repo, spec.commandLine().getErr());
        if (catalog.isEmpty()) return ExitCode.ERROR;
        PathResult result = new UpgradePlanner(catalog.get()).plan(req);
        var out = spec.commandLine().getOut();
        return switch (result) {
            case PathResult.Found f -> {
                out.print(output == Output.JSON ? Json.write(PathView.json(f.path())) + "\n" : PathView.text(f.path()));
                out.flush();
                yield ExitCode.OK;
            }
            case PathResult.Refused r -> {
                if (output == Output.JSON) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("refused", r.refusal().code());
                    json.put("reason", r.refusal().reason());
                    out.println(Json.write(json));
                    out.flush();
                }
                spec.commandLine().getErr().println("refused: " + r.refusal().reason());
                yield ExitCode.REFUSED;
            }
        };
    }
}
