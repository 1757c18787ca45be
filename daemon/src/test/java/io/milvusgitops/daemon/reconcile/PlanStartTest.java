package io.milvusgitops.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.audit.AuditEvent;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.StepRunner;
import io.milvusgitops.daemon.record.DirectoryStateStore;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.testing.Plans;
import io.milvusgitops.policy.catalog.CatalogLoader;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan the policy approved is the plan that runs: a plan starts only with the policy's leave (whatever a
 * stale cached record made the reconciler believe), the record pins that plan whole, and a resume under a
 * catalog that now plans differently halts instead of running a step of another path.
 */
class PlanStartTest {

    @TempDir
    Path dir;

    static final Target TARGET = new Target("search", DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "by-dev", false,
            new Location.HelmRelease("sim", "dev", "milvus"));
    static final TargetKey KEY = new TargetKey("dev", "search");
    static final Version FROM = Version.parse("2.4.5");
    static final Version TO = Version.parse("2.5.16");

    /** Every step is done at once; the steps called are kept, in order. */
    record Recorder(List<Step> called) implements StepRunner {
        Recorder() {
            this(new ArrayList<>());
        }

        @Override
        public StepOutcome execute(StepContext ctx, Step step) {
            called.add(step);
            return new StepOutcome.Done("done");
        }
    }

    UpgradeExecutor executor(DirectoryStateStore store, StepRunner runner, PlanCheck check) {
        return Plans.executor(store, runner, check, new AuditLog(dir.resolve("audit.jsonl"), Clock.systemUTC()), Clock.systemUTC(),
                Duration.ofMinutes(1), 1);
    }

    @Test
    void withoutARecordAndWithoutThePolicysLeaveNothingStarts() throws Exception {
        DirectoryStateStore store = new DirectoryStateStore(dir.resolve("state"));
        UpgradeExecutor executor = executor(store, (ctx, step) -> {
            throw new AssertionError("no step may run: " + step.type());
        }, PlanCheck.against(VersionCatalog.builtIn()));

        Pass held = executor.advance(Plans.turn(KEY, TARGET, "c1", FROM, TO, false));
        assertThat(held).isInstanceOf(Pass.Idle.class);
        assertThat(store.load(KEY)).as("no record written").isEmpty();
        assertThat(Files.exists(dir.resolve("audit.jsonl"))).as("no plan audited").isFalse();

        Pass started = executor.advance(Plans.turn(KEY, TARGET, "c1", FROM, TO, true));
        assertThat(started).isInstanceOf(Pass.Continue.class);
        assertThat(store.load(KEY)).isPresent();
    }

    @Test
    void theRecordPinsTheApprovedPlanWholeAndALaterTurnDoesNotChangeIt() throws Exception {
        DirectoryStateStore store = new DirectoryStateStore(dir.resolve("state"));
        Recorder steps = new Recorder();
        UpgradeExecutor executor = executor(store, steps, PlanCheck.against(VersionCatalog.builtIn()));
        UpgradeExecutor.Turn approved = Plans.turn(KEY, TARGET, "c1", FROM, TO);
        executor.advance(approved);

        UpgradeRecord r = store.load(KEY).orElseThrow();
        assertThat(r.plan()).as("read back from the file, the very plan approved").isEqualTo(approved.approved().orElseThrow().path());
        assertThat(r.request()).isEqualTo(approved.approved().orElseThrow().request());

        // The live version moved on half-way; a turn now carries another approved plan (from 2.5.x): the record's plan runs.
        for (int i = 0; i < 3; i++) executor.advance(Plans.turn(KEY, TARGET, "c1", Version.parse("2.5.10"), TO));
        assertThat(steps.called()).containsExactlyElementsOf(r.plan().hops().get(0).steps().subList(0, 3));
    }

    @Test
    void aResumeUnderACatalogThatPlansDifferentlyHaltsAndRunsNoStepOfTheNewPath() throws Exception {
        DirectoryStateStore store = new DirectoryStateStore(dir.resolve("state"));
        Recorder before = new Recorder();
        UpgradeExecutor first = executor(store, before, PlanCheck.against(VersionCatalog.builtIn()));
        first.advance(Plans.turn(KEY, TARGET, "c1", FROM, TO));
        for (int i = 0; i < 4; i++) first.advance(Plans.turn(KEY, TARGET, "c1", FROM, TO));
        assertThat(before.called()).hasSize(4);
        assertThat(store.load(KEY).orElseThrow().hop().kind()).isEqualTo(HopKind.ROLLING);

        // A new daemon whose catalog plans 2.4.5 -> 2.5.16 without a rolling upgrade.
        VersionCatalog changed = catalogWithoutRollingUpgrades();
        Recorder after = new Recorder();
        UpgradeExecutor restarted = executor(store, after, PlanCheck.against(changed));
        Pass p = restarted.advance(Plans.turn(KEY, TARGET, "c1", FROM, TO));

        assertThat(p).isInstanceOf(Pass.Halted.class);
        assertThat(((Pass.Halted) p).reason()).contains("now plans 2.4.5 -> 2.5.16 as recreate").contains("not as the recorded rolling")
                .contains("No step of another path runs");
        assertThat(after.called()).as("no step ran after the restart").isEmpty();
        UpgradeRecord halted = store.load(KEY).orElseThrow();
        assertThat(halted.phase()).isEqualTo(UpgradeRecord.Phase.HALTED);
        assertThat(halted.stepIndex()).as("the record still says where the plan stopped").isEqualTo(4);
        assertThat(new AuditLog(dir.resolve("audit.jsonl"), Clock.systemUTC()).newest(1)).extracting(AuditLog.Entry::event)
                .containsExactly(AuditEvent.HALTED);
        // Further passes stay halted, and run nothing, until Git changes.
        assertThat(restarted.advance(Plans.turn(KEY, TARGET, "c1", FROM, TO))).isInstanceOf(Pass.Halted.class);
        assertThat(after.called()).isEmpty();
    }

    @Test
    void aResumeUnderTheSameCatalogGoesOnAtTheRecordedStep() throws Exception {
        DirectoryStateStore store = new DirectoryStateStore(dir.resolve("state"));
        Recorder before = new Recorder();
        UpgradeExecutor first = executor(store, before, PlanCheck.against(VersionCatalog.builtIn()));
        for (int i = 0; i < 4; i++) first.advance(Plans.turn(KEY, TARGET, "c1", FROM, TO));

        Recorder after = new Recorder();
        UpgradeExecutor restarted = executor(store, after, PlanCheck.against(CatalogLoader.parse("copy", builtInText())));
        for (int passes = 0; store.load(KEY).isPresent() && passes < 100; passes++) {
            assertThat(restarted.advance(Plans.turn(KEY, TARGET, "c1", FROM, TO))).isNotInstanceOf(Pass.Halted.class);
        }
        List<Step> all = new ArrayList<>(before.called());
        all.addAll(after.called());
        assertThat(all).as("every step once, in order").containsExactlyElementsOf(Plans.path(Plans.request(TARGET, FROM, TO)).hops().get(0).steps());
        assertThat(store.load(KEY)).as("completed and cleared").isEmpty();
    }

    @Test
    void aRecordThisBuildCannotReadHaltsTheTargetAndRunsNothing() throws Exception {
        DirectoryStateStore store = new DirectoryStateStore(dir.resolve("state"));
        // What the first version of milvus-gitops wrote: versions and indices, no plan.
        Files.writeString(dir.resolve("state/dev_search.json"), """
                {"planId":"p1","desiredCommit":"c1","planFrom":"2.4.5","planTo":"2.5.16","hopIndex":0,"stepIndex":3,"phase":"RUNNING",
                 "lastStable":"2.4.5","attempts":0,"message":"","updatedAt":"2026-11-23T10:00:00Z"}
                """);
        Recorder steps = new Recorder();
        Pass p = executor(store, steps, PlanCheck.against(VersionCatalog.builtIn())).advance(Plans.turn(KEY, TARGET, "c1", FROM, TO));
        assertThat(p).isInstanceOf(Pass.Halted.class);
        assertThat(((Pass.Halted) p).reason()).contains("written in form 1").contains("delete the record");
        assertThat(steps.called()).isEmpty();
    }

    static String builtInText() throws IOException {
        try (InputStream in = VersionCatalog.class.getResourceAsStream("milvus-catalog.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The record names the catalog that planned (the built-in digest, and a fleet's additions): the turn's catalog in force. */
    @Test
    void aNewRecordNamesTheCatalogInForce() throws Exception {
        DirectoryStateStore store = new DirectoryStateStore(dir.resolve("records"));
        executor(store, new Recorder(), PlanCheck.inForce()).advance(Plans.turn(KEY, TARGET, "c1", FROM, TO));
        assertThat(store.load(KEY).orElseThrow().catalog()).isEqualTo(VersionCatalog.builtIn().identity().toString())
                .matches("built-in [0-9a-f]{12}");
    }

    /** The built-in catalog with the 2.2.3+ rolling rule turned into a recreate: the same request plans another path. */
    static VersionCatalog catalogWithoutRollingUpgrades() throws IOException {
        String text = builtInText();
        int rule = text.indexOf("  - id: rolling-from-2.2.3-helm");
        int kind = text.indexOf("    kind: rolling", rule);
        String changed = text.substring(0, kind) + "    kind: recreate" + text.substring(kind + "    kind: rolling".length());
        // A recreate rule has no `unless`/`otherwise` (they would contradict it).
        changed = changed.replaceFirst("(?s)(  - id: rolling-from-2\\.2\\.3-helm.*?)    unless:.*?    otherwise: recreate\n", "$1");
        return CatalogLoader.parse("changed", changed);
    }
}
