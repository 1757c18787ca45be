package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.fleet.DirectoryFleetReader;
import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.output.Output;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.yaml.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate}: checks a fleet repository and lists every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a fleet repository (docs/fleet-format.md).",
                "Exit 0 when it is valid, 1 with every problem listed."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The fleet repository: the directory that holds fleet.yaml.")
    Path dir;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", converter = EnumConverters.OutputConverter.class,
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() throws IOException {
        FleetResult result = FleetParser.parse(DirectoryFleetReader.read(dir), VersionCatalog.builtIn());
        PrintWriter out = spec.commandLine().getOut();
        switch (result) {
            case FleetResult.Valid v -> {
                if (output == Output.JSON) {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("valid", true);
                    json.put("fleet", Json.tree(v.fleet()));
                    out.println(Json.write(json));
                } else {
                    int targets = v.fleet().environments().stream().mapToInt(e -> e.targets().size()).sum();
                    out.printf("%s: valid: fleet %s, %d environments, %d targets%n", dir, v.fleet().name(),
                            v.fleet().environments().size(), targets);
                    for (Environment e : v.fleet().inPromotionOrder()) {
                        out.printf("  %-12s %-9s %d target%s%s%n", e.name(), e.milvusVersion(), e.targets().size(), e.targets().size() == 1 ? "" : "s",
                                e.promoteFrom().map(p -> "  (promoted from " + p + ")").orElse(""));
                    }
                }
                out.flush();
                return ExitCode.OK;
            }
            case FleetResult.Invalid inv -> {
                if (output == Output.JSON) {
                    List<Object> problems = new ArrayList<>();
                    inv.problems().forEach(p -> problems.add(Json.tree(p)));
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("valid", false);
                    json.put("problems", problems);
                    out.println(Json.write(json));
                } else {
                    for (Problem p : inv.problems()) {
                        out.println(p.describe());
                    }
                    out.printf("%s: invalid: %d problem%s%n", dir, inv.problems().size(), inv.problems().size() == 1 ? "" : "s");
                }
                out.flush();
                return ExitCode.ERROR;
            }
        }
    }
}
