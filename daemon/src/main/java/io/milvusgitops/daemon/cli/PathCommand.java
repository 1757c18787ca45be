package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.output.Output;
import io.milvusgitops.daemon.output.PathView;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
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

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", converter = EnumConverters.OutputConverter.class,
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        MessageQueue queue = mq != null ? mq : (mode == DeployMode.STANDALONE ? MessageQueue.ROCKSMQ : MessageQueue.PULSAR);
        PathRequest req = new PathRequest(from, to, method, mode, queue, Optional.ofNullable(fromMode),
                noDowntime ? PathRequest.Strategy.NO_DOWNTIME : PathRequest.Strategy.AUTO);
        PathResult result = new UpgradePlanner(VersionCatalog.builtIn()).plan(req);
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
