package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.fleet.DirectoryFleetReader;
import io.milvusgitops.daemon.git.CommitApprovals;
import io.milvusgitops.daemon.live.LiveSnapshotFile;
import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.output.Output;
import io.milvusgitops.daemon.output.PlanView;
import io.milvusgitops.daemon.reconcile.LiveObserver;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.live.LiveSnapshotParser;
import io.milvusgitops.policy.plan.FleetPlan;
import io.milvusgitops.policy.plan.FleetPlanner;
import io.milvusgitops.policy.verdict.DesiredCommit;
import io.milvusgitops.policy.yaml.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code plan}: drift, path and policy verdict of every target, without changing anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show, for every environment and target, the drift from Git, the upgrade path and the policy's verdict.",
                "Exit 0 no drift, 2 drift and every plan allowed, 4 drift with a plan denied, waiting or needing approval, 1 error."})
final class PlanCommand implements Callable<Integer> {

    static final int DRIFT_ALLOWED = 2;
    static final int DRIFT_BLOCKED = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "DIR", description = "The fleet repository (the directory with fleet.yaml).")
    Path repo;

    @Option(names = "--env", paramLabel = "NAME", description = "Only this environment.")
    String env;

    @Option(names = "--live", paramLabel = "FILE",
            description = "A live snapshot (docs/live-snapshot.md). Without it, the live clusters are read through the drivers.")
    Path live;

    @Mixin
    LiveSource clusters;


    @Option(names = "--at", paramLabel = "TIME", description = "Plan as of this time (ISO-8601, e.g. 2026-11-24T10:00:00Z); default now.")
    String at;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", converter = EnumConverters.OutputConverter.class,
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() throws IOException {
        Clock clock = at == null ? Clock.systemUTC() : Clock.fixed(instant(at), ZoneOffset.UTC);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FleetResult fleetResult = FleetParser.parse(DirectoryFleetReader.read(repo), VersionCatalog.builtIn());
        if (fleetResult instanceof FleetResult.Invalid inv) {
            return problems(err, repo + " is not a valid fleet repository", inv.problems());
        }
        Fleet fleet = ((FleetResult.Valid) fleetResult).fleet();
        if (env != null && fleet.environment(env).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--env " + env + ": no such environment; the fleet has "
                    + String.join(", ", fleet.inPromotionOrder().stream().map(e -> e.name()).toList()));
        }
        LiveFleet liveFleet;
        if (live != null && (clusters.kubeconfig != null || clusters.config != null)) {
            throw new ParameterException(spec.commandLine(), "--live reads a snapshot; --kubeconfig and --config read the clusters: give one or "
                    + "the other");
        }
        if (live != null) {
            LiveSnapshotParser.Result liveResult = LiveSnapshotFile.read(live);
            if (liveResult instanceof LiveSnapshotParser.Result.Invalid inv) {
                return problems(err, live + " is not a valid live snapshot", inv.problems());
            }
            liveFleet = ((LiveSnapshotParser.Result.Parsed) liveResult).fleet();
        } else {
            Optional<LiveObserver.Observation> read = clusters.observe(fleet, clock, err);
            if (read.isEmpty()) return ExitCode.ERROR;
            LiveObserver.Observation observed = read.get();
            // A target that cannot be read is held back by the policy (its state is unknown); say why on stderr.
            observed.unobservable().forEach((target, why) -> err.println("warning: cannot observe " + target + ": " + why));
            observed.missing().forEach(target -> err.println("warning: " + target + " not found where the fleet says"));
            err.flush();
            liveFleet = observed.live();
        }
        DesiredCommit commit = CommitApprovals.head(repo);
        FleetPlan plan = new FleetPlanner(clock).plan(fleet, liveFleet, commit, e -> env == null || e.name().equals(env));
        CatalogWarnings.of(fleet).forEach(w -> err.println("warning: " + w));
        err.flush();
        out.print(output == Output.JSON ? Json.write(PlanView.json(plan)) + "\n" : PlanView.text(plan));
        out.flush();
        if (!plan.anyDrift()) return ExitCode.OK;
        return plan.allDriftAllowed() ? DRIFT_ALLOWED : DRIFT_BLOCKED;
    }

    /** The earliest and latest {@code --at}: windows, soak times and cron schedules are computed from it without overflowing. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Instant instant(String text) {
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--at '" + excerpt(text) + "' is not a date-time: write e.g. 2026-11-24T10:00:00Z");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new ParameterException(spec.commandLine(), "--at '" + excerpt(text) + "' is outside the years 1970 to 9999: write e.g. 2026-11-24T10:00:00Z");
        }
        return at;
    }

    private static String excerpt(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + " ...";
    }

    private static int problems(PrintWriter err, String what, List<Problem> problems) {
        err.println("error: " + what + ":");
        problems.forEach(p -> err.println("  " + p.describe()));
        err.flush();
        return ExitCode.ERROR;
    }
}
