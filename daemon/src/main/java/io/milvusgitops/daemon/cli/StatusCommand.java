package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.fleet.DirectoryFleetReader;
import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.output.Output;
import io.milvusgitops.daemon.output.Table;
import io.milvusgitops.daemon.reconcile.LiveObserver;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.LiveTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code status}: desired against live, read from the clusters and Docker hosts through the drivers; changes nothing. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show, for every target, the version Git wants against the one that runs, read live through the drivers.",
                "Exit 0 every target in sync, 2 drift (a target runs another version, is missing, or is half upgraded),",
                "1 error (an invalid fleet, or a target that cannot be read: its cluster or Docker host is unreachable)."})
final class StatusCommand implements Callable<Integer> {

    static final int DRIFT = 2;

    /** Argo CD's words for the sync state of one target. */
    enum Sync { SYNCED, OUT_OF_SYNC, MISSING, UNKNOWN;
        String label() {
            return switch (this) {
                case SYNCED -> "Synced";
                case OUT_OF_SYNC -> "OutOfSync";
                case MISSING -> "Missing";
                case UNKNOWN -> "Unknown";
            };
        }
    }

    /** One row: what Git wants, what runs, and why it cannot be told when it cannot. */
    record Row(String environment, String target, String method, String desired, Optional<LiveTarget> live, Sync sync, String note) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The fleet repository (the directory with fleet.yaml).")
    Path repo;

    @Option(names = "--env", paramLabel = "NAME", description = "Only this environment.")
    String env;

    @Mixin
    LiveSource clusters;


    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", converter = EnumConverters.OutputConverter.class,
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FleetResult parsed = FleetParser.parse(DirectoryFleetReader.read(repo), VersionCatalog.builtIn());
        if (parsed instanceof FleetResult.Invalid inv) {
            err.println("error: " + repo + " is not a valid fleet repository:");
            inv.problems().forEach(p -> err.println("  " + p.describe()));
            err.flush();
            return ExitCode.ERROR;
        }
        Fleet fleet = ((FleetResult.Valid) parsed).fleet();
        if (env != null && fleet.environment(env).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--env " + env + ": no such environment; the fleet has "
                    + String.join(", ", fleet.inPromotionOrder().stream().map(Environment::name).toList()));
        }
        Optional<LiveObserver.Observation> read = clusters.observe(fleet, Clock.systemUTC(), err);
        if (read.isEmpty()) return ExitCode.ERROR;
        LiveObserver.Observation observed = read.get();
        List<Row> rows = rows(fleet, observed);
        out.print(output == Output.JSON ? Json.write(json(rows)) + "\n" : text(rows));
        out.flush();
        if (rows.stream().anyMatch(r -> r.sync() == Sync.UNKNOWN)) return ExitCode.ERROR;
        return rows.stream().allMatch(r -> r.sync() == Sync.SYNCED) ? ExitCode.OK : DRIFT;
    }

    private List<Row> rows(Fleet fleet, LiveObserver.Observation observed) {
        List<Row> rows = new ArrayList<>();
        for (Environment e : fleet.inPromotionOrder()) {
            if (env != null && !e.name().equals(env)) continue;
            for (Target t : e.targets()) {
                TargetKey key = TargetKey.of(e, t);
                Optional<LiveTarget> live = observed.live().target(e.name(), t.name());
                String desired = e.milvusVersion().toString();
                Sync sync;
                String note = "";
                if (observed.unobservable().containsKey(key)) {
                    sync = Sync.UNKNOWN;
                    note = observed.unobservable().get(key);
                } else if (live.isEmpty()) {
                    sync = Sync.MISSING;
                    note = "no " + t.method().id() + " deployment found where the fleet says";
                } else {
                    sync = live.get().version().toString().equals(desired) ? Sync.SYNCED : Sync.OUT_OF_SYNC;
                    if (live.get().upgrading()) note = "an upgrade is under way (upgrade record present)";
                }
                rows.add(new Row(e.name(), t.name(), t.method().id(), desired, live, sync, note));
            }
        }
        return rows;
    }

    private static String text(List<Row> rows) {
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"ENVIRONMENT", "TARGET", "METHOD", "DESIRED", "LIVE", "HEALTH", "SYNC", "NOTE"});
        for (Row r : rows) {
            table.add(new String[] {r.environment(), r.target(), r.method(), r.desired(), r.live().map(l -> l.version().toString()).orElse("-"),
                    r.live().map(l -> l.health().id()).orElse("-"), r.sync().label(), r.note()});
        }
        return Table.render(table);
    }

    private static List<Map<String, Object>> json(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("environment", r.environment());
            m.put("target", r.target());
            m.put("method", r.method());
            m.put("desired", r.desired());
            m.put("live", r.live().map(l -> l.version().toString()).orElse(null));
            m.put("health", r.live().map(l -> l.health().id()).orElse(null));
            m.put("upgrading", r.live().map(LiveTarget::upgrading).orElse(false));
            m.put("sync", r.sync().label());
            if (!r.note().isEmpty()) m.put("note", r.note());
            out.add(m);
        }
        return out;
    }
}
