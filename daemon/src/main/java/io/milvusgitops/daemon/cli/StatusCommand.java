package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.fleet.DirectoryFleetReader;
import io.milvusgitops.daemon.git.CommitApprovals;
import io.milvusgitops.daemon.git.EnvironmentChanges;
import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.output.Output;
import io.milvusgitops.daemon.output.StatusView;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.StatusService;
import io.milvusgitops.daemon.status.Sync;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Environment;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.plan.FleetPlan;
import io.milvusgitops.policy.plan.FleetPlanner;
import io.milvusgitops.policy.plan.TargetPlan;
import io.milvusgitops.policy.verdict.DesiredCommit;
import io.milvusgitops.policy.verdict.Objection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code status}: desired against live, read from the clusters and Docker hosts through the drivers; changes nothing.
 * It prints the records of the status API ({@link StatusReport}): the same facts as the daemon's page and
 * {@code /api/v1/status}, with the plans of the upgrade records found beside the targets, and with
 * {@code --config} the daemon's audit log (progress estimates and history).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show, for every target, the version Git wants against the one that runs, read live through the drivers,",
                "with the policy's verdict and every objection, and the progress of running plans.",
                "Exit 0 every target in sync, 2 drift (a target runs another version, is missing, or is half upgraded),",
                "1 error (an invalid fleet, or a target that cannot be read: its cluster or Docker host is unreachable)."})
final class StatusCommand implements Callable<Integer> {

    static final int DRIFT = 2;

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
        Clock clock = Clock.systemUTC();
        Optional<LiveSource.Live> read = clusters.read(fleet, clock, err);
        if (read.isEmpty()) return ExitCode.ERROR;
        StatusReport report = report(fleet, read.get(), clock.instant());
        out.print(output == Output.JSON ? Json.write(Json.tree(report)) + "\n" : StatusView.text(report));
        out.flush();
        if (report.targets().stream().anyMatch(TargetStatus::unobservable)) return ExitCode.ERROR;
        return report.targets().stream().allMatch(t -> t.sync() == Sync.SYNCED) ? ExitCode.OK : DRIFT;
    }

    /** The status API's records, from the fleet in this directory, what runs, and the daemon's audit log if it is at hand. */
    private StatusReport report(Fleet fleet, LiveSource.Live live, Instant now) throws IOException {
        DesiredCommit head = CommitApprovals.head(repo);
        FleetPlan plan = new FleetPlanner(Clock.fixed(now, ZoneOffset.UTC)).plan(fleet, live.observed().live(), head,
                e -> env == null || e.name().equals(env));
        List<TargetStatus> targets = new ArrayList<>();
        for (TargetPlan t : plan.targets()) {
            Optional<UpgradeRecord> record = Optional.ofNullable(live.records().get(t.key()));
            Optional<String> unobservable = Optional.ofNullable(live.observed().unobservable().get(t.key()));
            boolean upgrading = record.map(r -> r.phase().inFlight()).orElse(false);
            boolean halted = record.map(r -> r.phase() == UpgradeRecord.Phase.HALTED).orElse(false);
            targets.add(TargetStatus.of(t, unobservable, upgrading, halted, note(t, unobservable, record), now));
        }
        List<AuditLog.Entry> lines = live.auditLog().map(f -> StatusService.auditLines(new AuditLog(f, Clock.fixed(now, ZoneOffset.UTC))))
                .orElse(List.of());
        Map<TargetKey, UpgradeRecord> records = new LinkedHashMap<>(live.records());
        records.keySet().removeIf(k -> env != null && !k.environment().equals(env));
        StatusReport.Git git = new StatusReport.Git(repo.toString(), "checkout", head.id(), true, Optional.empty(), Optional.empty());
        List<StatusReport.EnvironmentStatus> environments = StatusService.environments(fleet, EnvironmentChanges.ofCheckout(repo, fleet)).stream()
                .filter(e -> env == null || e.name().equals(env)).toList();
        return new StatusReport(now, Optional.empty(), git, Optional.empty(), environments, targets, StatusService.plans(records, lines, now),
                StatusService.history(lines).stream().filter(h -> env == null || h.target().environment().equals(env)).toList());
    }

    /** What a pass would do now, in the words the daemon's status uses for its last pass. */
    private static String note(TargetPlan t, Optional<String> unobservable, Optional<UpgradeRecord> record) {
        if (unobservable.isPresent()) return "live state unknown: " + unobservable.get();
        if (record.isPresent()) return "plan " + record.get().planId() + " " + record.get().phase().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + ": " + record.get().message();
        if (t.live().isEmpty()) return "not found where the fleet says it runs";
        if (!t.drift()) return "in sync";
        if (t.allowed()) return "a plan may start: " + t.approvedPath().map(p -> p.summary()).orElse("");
        return "held back: " + t.verdict().flatMap(v -> v.objections().stream().findFirst()).map(Objection::describe).orElse("no path");
    }
}
