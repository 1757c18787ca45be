package io.milvusgitops.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.milvusgitops.daemon.record.DirectoryStateStore;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.record.UpgradeRecord.Phase;
import io.milvusgitops.daemon.testing.ComposeProject;
import io.milvusgitops.daemon.testing.DaemonProcess;
import io.milvusgitops.daemon.testing.DockerEngine;
import io.milvusgitops.daemon.testing.FakeMilvusImages;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash matrix of the Docker Compose driver (issue 18): the daemon as its own process follows a Git repository and
 * upgrades a real Compose project on the real Docker Engine; it is killed with SIGKILL ({@link DaemonProcess#kill()}:
 * {@code Process.destroyForcibly}, SIGKILL on Linux) at a step boundary or in the middle of a step, started again, and
 * must end the upgrade (or its rollback) with every step done once, the backup and the meta migration run once, and the
 * project's etcd metadata byte for byte as it should be.
 *
 * <p>No API server holds an answer here: the Compose driver keeps its write-ahead record in the data directory
 * ({@code state/dev_edge.json}, written to a temporary file, synced and renamed) and appends to {@code audit.jsonl}. The test
 * watches both (inotify, through {@link WatchService}) and kills the daemon the moment a file says so:
 * <ul>
 *   <li>{@code started}: the record says step i started. The daemon dies before the step acts in practice (a step first
 *       observes the project through the Engine API, tens of milliseconds; the kill takes a few);</li>
 *   <li>{@code waiting}: in the middle of a step that waits, the daemon caught in it: the wait for sessions held by a session
 *       the test keeps alive in the project's etcd (as a Milvus that stops slowly would); the wait for health held by taking
 *       the containers' /healthz away (given back after the kill); the meta migration once its container exists (running
 *       or ended, the daemon has not yet seen it end: the fake tool runs for a fraction of a second, too short to hold
 *       without a change to the image);</li>
 *   <li>{@code done}: the audit log says step i is done. The record moves on a few milliseconds later (its write is synced):
 *       the kill lands before or after that move, and each case prints which ({@code record behind}: the step runs again on
 *       restart and must find its effect; {@code record moved on}: the next step starts). On this machine it lands
 *       {@code record behind} in 36 of the 44 done and failed kills of a full run; {@code record moved on} mostly after a wait for
 *       health (the daemon is already past its slow first call to Docker). Both are real crash points; the end checks
 *       hold for both;</li>
 *   <li>{@code failed}: the audit log says the smoke test failed; the record has not turned to the rollback yet.</li>
 * </ul>
 *
 * <p>Scenarios: every hop kind the planner gives {@link DeployMethod#COMPOSE} (recreate, meta migration 2.1 -> 2.2 with the
 * MetaMigrationContainer, the 2.5 -> 2.6 topology change with MinIO and the queue pin); a Compose cluster recreates too (no
 * guide rolls a Compose project, so the built-in catalog plans no rolling hop for it); and one hop whose smoke test fails
 * (Milvus's SDK answers the old version), killed while it rolls back.
 *
 * <p>Which points run: with {@code -DcomposeCrash.full=true}, every boundary of every step of every scenario, the clusters
 * included. By default (CI, whose whole suite must stay within 25 minutes), the points where a crash can do harm, each step
 * kind once over the matrix (the driver runs one code path per step kind): {@code done} of the backup, {@code waiting} and
 * {@code done} of the meta migration (they must run once), {@code waiting} of the wait for sessions, {@code done} of the
 * first step of each kind that replaces a container (start, MinIO, queue pin: repeated with the record behind, each must find
 * its own replacement), and, as the hop fails and rolls back, the smoke test's failure line and {@code done} of the
 * rollback's start of the old containers. Left out by default: every {@code started} (the daemon dies before the step acts:
 * the state of the {@code done} before it, but for the start time), the steps that only read, the stop and the Compose file
 * (repeated, they find their effect in plain sight), the recreate and cluster scenarios (the same step kinds). The daemons
 * start with {@link DaemonProcess#QUICK_START} (the client compiler: 2.7 s instead of 4.3 s from launch to the plan).
 *
 * <p>Measured on this machine (2 cores, shared with another build, 2026-12-04): the default set, 12 cases and 12 daemon
 * starts, 93.8 s (meta migration 42 s, topology change 23 s, rollback 22 s, the images checked 6 s); the full set,
 * 103 cases and 86 starts, 649 s (about 11 minutes: a nightly job, not CI; measured before the wait for health was held,
 * when 9 cases were skipped as not reachable).
 *
 * <p>Cases of one scenario share one run (one Compose project, one fleet repository, one daemon started again after each
 * kill), in order; the last case of a scenario waits for the end and checks it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeCrashMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TargetKey KEY = new TargetKey("dev", "edge");
    private static final String MINIO_26 = "minio/minio:RELEASE.2024-12-18T13-15-44Z";
    private static final List<String> CLUSTER_21 = List.of("rootcoord", "datacoord", "indexcoord", "querycoord", "indexnode", "datanode",
            "querynode", "proxy");
    private static final List<String> CLUSTER_24 = List.of("rootcoord", "datacoord", "querycoord", "indexnode", "datanode", "querynode", "proxy");

    /** One hop kind of the Compose driver, on a project of one mode; {@code rollsBack}: its smoke test fails, the hop rolls back. */
    enum Scenario {
        STANDALONE_META_MIGRATION(DeployMode.STANDALONE, "2.1.4", "2.2.9", List.of(), false, true),
        STANDALONE_TOPOLOGY_CHANGE(DeployMode.STANDALONE, "2.5.16", "2.6.15", List.of(), false, true),
        STANDALONE_RECREATE(DeployMode.STANDALONE, "2.5.14", "2.5.16", List.of(), false, false),
        STANDALONE_RECREATE_ROLLED_BACK(DeployMode.STANDALONE, "2.2.9", "2.2.16", List.of(), true, true),
        CLUSTER_META_MIGRATION(DeployMode.CLUSTER, "2.1.4", "2.2.9", CLUSTER_21, false, false),
        CLUSTER_RECREATE(DeployMode.CLUSTER, "2.4.5", "2.5.16", CLUSTER_24, false, false);

        final DeployMode mode;
        final String from;
        final String to;
        final List<String> components;
        final boolean rollsBack;
        /** In the default set (CI); the others run with -DcomposeCrash.full=true. */
        final boolean byDefault;

        Scenario(DeployMode mode, String from, String to, List<String> components, boolean rollsBack, boolean byDefault) {
            this.mode = mode;
            this.from = from;
            this.to = to;
            this.components = components;
            this.rollsBack = rollsBack;
            this.byDefault = byDefault;
        }

        MessageQueue mq() {
            return mode == DeployMode.STANDALONE ? MessageQueue.ROCKSMQ : MessageQueue.PULSAR;
        }

        /** The hops the planner gives this project, as the daemon plans them from what it observes (its MinIO among it). */
        List<Hop> hops() {
            PathResult r = new UpgradePlanner(VersionCatalog.builtIn()).plan(PathRequest.of(Version.parse(from), Version.parse(to),
                    DeployMethod.COMPOSE, mode, mq()).withLayout(Layout.UNKNOWN.withMinio(Image.parse(FakeMilvusImages.MINIO))));
            assertThat(r).as("the planner plans %s", this).isInstanceOf(PathResult.Found.class);
            return ((PathResult.Found) r).path().hops();
        }

        @Override
        public String toString() {
            return "compose " + hops().stream().map(h -> h.kind().id()).collect(Collectors.joining(" + ")) + " " + from + " -> " + to
                    + " (" + mode + (rollsBack ? ", smoke test fails: rolled back" : "") + ")";
        }
    }

    enum Moment {
        STARTED("after the write-ahead record says it started"),
        WAITING("in the middle of it, while it waits"),
        DONE("after the audit log says it is done"),
        FAILED("after the audit log says it failed, before the record turns to the rollback"),
        END("none: the run ends; every step once, the backup and migration once, etcd as it should be");

        final String words;

        Moment(String words) {
            this.words = words;
        }
    }

    /** One kill point: step {@code step} (0-based) of the forward steps or the rollback ({@code phase}) of hop {@code hop}. */
    record KillPoint(Phase phase, int hop, int step, String type, Moment moment) {
        @Override
        public String toString() {
            return moment == Moment.END ? "no kill, " + moment.words
                    : "SIGKILL at hop " + (hop + 1) + (phase == Phase.ROLLING_BACK ? " rollback" : "") + " step " + (step + 1) + " (" + type + ") "
                            + moment.words;
        }

        String audit() {
            return hop + "/" + phase + "#" + step;
        }
    }

    private static boolean runsOnce(Step s) {
        return s instanceof Step.BackupMetadata || s instanceof Step.RunMetaMigration;
    }

    /** Steps the test can catch the daemon in the middle of. */
    private static boolean waits(Step s) {
        return s instanceof Step.WaitHealthy || s instanceof Step.WaitNoLiveSessions || s instanceof Step.RunMetaMigration;
    }

    static Stream<Arguments> killPoints() {
        List<Arguments> out = new ArrayList<>();
        // -DcomposeCrash.only=STANDALONE_RECREATE,... runs some scenarios only (while working on one).
        String only = System.getProperty("composeCrash.only", "");
        boolean full = Boolean.getBoolean("composeCrash.full");
        Set<String> seen = new HashSet<>(); // step kinds whose done is killed already, over the whole default matrix
        for (Scenario s : Scenario.values()) {
            if (!only.isEmpty() ? !List.of(only.split(",")).contains(s.name()) : !(full || s.byDefault)) continue;
            List<Hop> hops = s.hops();
            for (int h = 0; h < hops.size(); h++) {
                Hop hop = hops.get(h);
                if (!s.rollsBack) {
                    addPoints(out, s, Phase.RUNNING, h, hop.steps(), full, seen);
                } else {
                    // The forward steps are the recreate scenario's; here the kills fall as the hop fails and while it rolls back.
                    int smoke = hop.steps().size() - 1;
                    out.add(Arguments.of(s, new KillPoint(Phase.RUNNING, h, smoke, hop.steps().get(smoke).type(), Moment.FAILED)));
                    List<Step> back = hop.rollback();
                    for (int i = 0; i < back.size(); i++) {
                        Step step = back.get(i);
                        boolean start = step instanceof Step.StartComponents;
                        if (full || start) out.add(Arguments.of(s, new KillPoint(Phase.ROLLING_BACK, h, i, step.type(), Moment.DONE)));
                        if (full) out.add(Arguments.of(s, new KillPoint(Phase.ROLLING_BACK, h, i, step.type(), Moment.STARTED)));
                        if (full && waits(step)) out.add(Arguments.of(s, new KillPoint(Phase.ROLLING_BACK, h, i, step.type(), Moment.WAITING)));
                    }
                }
            }
            out.add(Arguments.of(s, new KillPoint(Phase.RUNNING, hops.size(), 0, "", Moment.END)));
        }
        return out.stream();
    }

    private static void addPoints(List<Arguments> out, Scenario s, Phase phase, int h, List<Step> steps, boolean full, Set<String> seen) {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            // By default, each step kind once over the matrix (one code path of the driver per kind): the waits of note
            // (sessions, the migration) and the done of what must run once (backup, migration) or replaces a container.
            boolean once = runsOnce(step) && seen.add(step.type());
            boolean waitOfNote = once || (step instanceof Step.WaitNoLiveSessions && seen.add(step.type()));
            boolean firstReplacement = replaces(step) && seen.add(step.type());
            if (full) out.add(Arguments.of(s, new KillPoint(phase, h, i, step.type(), Moment.STARTED)));
            if (waits(step) && (full || waitOfNote)) out.add(Arguments.of(s, new KillPoint(phase, h, i, step.type(), Moment.WAITING)));
            if (full || once || firstReplacement) out.add(Arguments.of(s, new KillPoint(phase, h, i, step.type(), Moment.DONE)));
        }
    }

    /**
     * Steps that replace a container (or a service's image): repeated with their record behind, they must find their own
     * replacement and make no second one. A stop or a Compose file repeated finds its effect in plain sight (a stopped
     * container, the tag already written), so their kills run in the full set only.
     */
    private static boolean replaces(Step s) {
        return s instanceof Step.StartComponents || s instanceof Step.CreateComponents || s instanceof Step.UpdateMinio
                || s instanceof Step.PinMessageQueue;
    }

    private final KillRuns<Scenario, Run> runs = new KillRuns<>("compose-crash", Run::new);
    private final Instant classStarted = Instant.now();
    private final List<String> doneKills = new ArrayList<>();
    private int starts;

    @BeforeAll
    static void images() {
        var d = DockerEngine.client();
        FakeMilvusImages.etcd(d);
        FakeMilvusImages.minio(d);
        FakeMilvusImages.minio(d, MINIO_26);
        FakeMilvusImages.metaMigration(d);
        for (String v : List.of("2.1.4", "2.2.9", "2.2.16", "2.4.5", "2.5.14", "2.5.16", "2.6.15")) FakeMilvusImages.milvus(d, v);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("killPoints")
    void everyStepRunsOnceWhateverTheMomentOfTheKill(Scenario scenario, KillPoint point) throws Exception {
        switch (point.moment()) {
            case STARTED -> runs.kill(scenario, point, r -> r.killWhenStarted(point));
            case WAITING -> runs.kill(scenario, point, r -> r.killWhileWaiting(point));
            case DONE -> runs.kill(scenario, point, r -> r.killWhenDone(point));
            case FAILED -> runs.kill(scenario, point, r -> r.killWhenFailed(point));
            case END -> runs.end(scenario, point, Run::finish);
        }
    }

    @AfterAll
    void closeRuns() throws Exception {
        System.out.printf("compose crash matrix: %d daemon starts, %d s; kills at a step's audit line: %s%n", starts,
                Duration.between(classStarted, Instant.now()).toSeconds(), doneKills);
        runs.close(Boolean.getBoolean("composeCrash.keep"));
    }

    /** One upgrade of one Compose project, through every kill of its hops. */
    private final class Run implements AutoCloseable {

        final Scenario s;
        final Path base;
        final Path data;
        final ComposeProject project;
        final FleetRepo repo;
        final String config;
        final List<Hop> hops;
        final Map<String, String> metadataBefore;
        final DirectoryStateStore records;
        final Thread watcher;
        final Instant started = Instant.now();
        volatile DaemonProcess daemon;
        volatile Trigger armed;
        volatile boolean closed;
        /** The Milvus containers the test holds unhealthy (their /healthz gone) to keep a wait for health waiting. */
        final List<String> unhealthy = new CopyOnWriteArrayList<>();
        /** The lease of the session the test holds in etcd to keep a wait for sessions waiting; 0: none. */
        volatile long heldSession;
        int restarts;
        boolean checkedPlan;

        Run(Scenario s, Path base) throws Exception {
            this.s = s;
            this.base = Files.createDirectories(base);
            this.hops = s.hops();
            this.project = s.mode == DeployMode.STANDALONE ? ComposeProject.standalone(base, "mgt-crash", s.from).up()
                    : ComposeProject.cluster(base, "mgt-crash", s.from, s.components).up();
            if (s.rollsBack) project.milvus().reportVersion("v" + s.from); // the new containers run, Milvus's SDK still says the old version
            // Metadata the upgrade must keep, binary bytes included; sessions come and go with the containers.
            put("by-dev/meta/root-coord/collection/1", "{\"name\":\"books\"}".getBytes(StandardCharsets.UTF_8));
            put("by-dev/meta/segment-index/7", new byte[] {0, (byte) 0xff, 1, '\n'});
            metadataBefore = metadata();
            this.data = Files.createDirectories(base.resolve("data"));
            this.records = new DirectoryStateStore(data.resolve("state"));
            this.repo = FleetRepo.create(base.resolve("git"), "fleet.git", fleet());
            this.config = """
                    git: {url: "%s", pollInterval: 1s}
                    dataDir: "%s"
                    http: {address: 127.0.0.1, port: %%PORT%%}
                    reconcile: {interval: 2s, recheck: 1s, stepTimeout: 2m}
                    """.formatted(repo.fileUrl(), data);
            this.watcher = Thread.ofPlatform().daemon().name("watch-" + s.name()).start(this::watch);
        }

        /** Looks at the record and the audit log on every change of either (and every 20 ms), and fires the armed trigger. */
        private void watch() {
            try (WatchService w = FileSystems.getDefault().newWatchService()) {
                data.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                data.resolve("state").register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                while (!closed) {
                    WatchKey k = w.poll(20, TimeUnit.MILLISECONDS);
                    if (k != null) {
                        k.pollEvents();
                        k.reset();
                    }
                    Trigger t = armed;
                    if (t == null) continue;
                    try {
                        check(t);
                    } catch (RuntimeException | AssertionError e) {
                        // Told to the case that waits on this trigger, which fails with it.
                        t.error = e;
                        armed = null;
                        t.reached.countDown();
                        t.fired.countDown();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void check(Trigger t) {
            KillPoint p = t.point;
            switch (p.moment()) {
                case STARTED -> {
                    if (startedAt(p)) fire(t);
                }
                case DONE -> {
                    if (auditSaysDone(p)) fire(t);
                }
                case FAILED -> {
                    if (auditSaysFailed(p)) fire(t);
                }
                case WAITING -> {
                    if (!startedAt(p)) return;
                    if (p.type().equals("wait-no-live-sessions") && heldSession == 0) holdSession();
                    if (p.type().equals("wait-healthy") && unhealthy.isEmpty()) holdUnhealthy();
                    t.reached.countDown();
                    // The migration's container exists: the daemon has not seen it end yet (it looks again a second later).
                    if (p.type().equals("run-meta-migration") && !migrations().isEmpty()) fire(t);
                }
                case END -> { }
            }
        }

        /** Kills the daemon where the trigger says, on the watcher's thread. */
        private void fire(Trigger t) {
            armed = null;
            try {
                daemon.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.fired.countDown();
        }

        /** Starts the daemon if the last case killed it; a case arms its point first, then starts it. */
        private void ensureRunning() throws Exception {
            if (daemon != null && daemon.alive()) return;
            daemon = DaemonProcess.launch(base, "daemon-" + restarts, config, List.of(), DaemonProcess.QUICK_START);
            restarts++;
            starts++;
        }

        void killWhenStarted(KillPoint p) throws Exception {
            arm(new Trigger(p), "write-ahead of " + p);
            checkPinnedPlan();
            assertThat(record()).as("the record after the kill").hasValueSatisfying(r -> {
                assertThat(r.phase()).isEqualTo(p.phase());
                assertThat(r.stepIndex()).isEqualTo(p.step());
                assertThat(r.stepStartedAt()).isPresent();
            });
        }

        void killWhenDone(KillPoint p) throws Exception {
            arm(new Trigger(p), "audit line of " + p);
            checkPinnedPlan();
            assertThat(stepsDone()).as("the audit log says the step is done").contains(p.audit());
            UpgradeRecord r = record().orElseThrow();
            boolean behind = r.phase() == p.phase() && r.hopIndex() == p.hop() && r.stepIndex() == p.step();
            String where = behind ? "record behind" : "record moved on";
            synchronized (doneKills) {
                doneKills.add(s.name().toLowerCase() + " " + p.type() + ": " + where);
            }
            System.out.printf("compose crash matrix: %s: %s: %s%n", s, p, where);
        }

        void killWhenFailed(KillPoint p) throws Exception {
            arm(new Trigger(p), "failure of " + p);
            assertThat(audit("step-failed")).as("the audit log says the step failed").hasSize(1);
            UpgradeRecord r = record().orElseThrow();
            String where = r.phase() == Phase.RUNNING ? "record behind" : "record moved on";
            synchronized (doneKills) {
                doneKills.add(s.name().toLowerCase() + " " + p.type() + " failed: " + where);
            }
            System.out.printf("compose crash matrix: %s: %s: %s%n", s, p, where);
        }

        void killWhileWaiting(KillPoint p) throws Exception {
            Trigger t = new Trigger(p);
            arm(t, null);
            try {
                if (!t.reached.await(90, TimeUnit.SECONDS)) {
                    armed = null;
                    throw new AssertionError("the daemon never reached " + p + "; status " + daemon.status() + "\n" + daemon.tail());
                }
                t.rethrow();
                if (p.type().equals("run-meta-migration")) {
                    assertThat(t.fired.await(30, TimeUnit.SECONDS)).as("the daemon started the migration's container").isTrue();
                    assertThat(migrations()).as("one migration container, created before the kill").hasSize(1);
                    return;
                }
                // Caught waiting: the status says so while the record still stands at the step.
                daemon.await("wait on " + p.type() + " (or pass it)", d -> d.target(KEY.toString()).startsWith("waiting") || !stillAt(p),
                        Duration.ofSeconds(30));
                armed = null;
                boolean waiting = stillAt(p);
                daemon.kill();
                assumeTrue(waiting, "step " + (p.step() + 1) + " ended before the daemon could be caught waiting on it");
            } finally {
                armed = null;
                releaseSession();
                releaseUnhealthy();
            }
        }

        void finish() throws Exception {
            ensureRunning();
            Version want = Version.parse(s.rollsBack ? s.from : s.to);
            daemon.await(s.rollsBack ? "roll the hop back" : "finish the upgrade", d -> runs(want) && (s.rollsBack
                    ? recordQuietly().map(r -> r.phase() == Phase.HALTED).orElse(false) && d.target(KEY.toString()).startsWith("halted")
                    : d.target(KEY.toString()).equals("in sync")),
                    Duration.ofSeconds(120));
            assertThat(Files.readString(project.file())).as("the Compose file names the version the project runs")
                    .contains("milvusdb/milvus:v" + want).doesNotContain("milvusdb/milvus:v" + (s.rollsBack ? s.to : s.from));
            assertThat(project.containers().keySet()).as("no container kept for the way back once the hop ended")
                    .noneMatch(n -> n.endsWith(".pre-upgrade"));

            List<String> steps = stepsDone();
            assertThat(steps).as("no step is recorded done twice").doesNotHaveDuplicates();
            for (int i = 0; i < hops.size(); i++) {
                int h = i;
                Hop hop = hops.get(h);
                int forward = s.rollsBack ? hop.steps().size() - 1 : hop.steps().size();
                assertThat(steps.stream().filter(x -> x.startsWith(h + "/RUNNING#")).toList()).as("every forward step of hop %d once, in order", h + 1)
                        .containsExactlyElementsOf(IntStream.range(0, forward).mapToObj(j -> h + "/RUNNING#" + j).toList());
                List<String> back = s.rollsBack ? IntStream.range(0, hop.rollback().size()).mapToObj(j -> h + "/ROLLING_BACK#" + j).toList() : List.of();
                assertThat(steps.stream().filter(x -> x.startsWith(h + "/ROLLING_BACK#")).toList()).as("every rollback step of hop %d once, in order", h + 1)
                        .containsExactlyElementsOf(back);
            }
            assertThat(audit("planned")).as("one plan").hasSize(1);
            if (s.rollsBack) {
                assertThat(audit("step-failed")).as("the smoke test failed once, and nothing else").singleElement()
                        .satisfies(n -> assertThat(n.path("step").asText()).isEqualTo("smoke-test"));
                assertThat(audit("rolled-back")).as("one rollback").hasSize(1);
                assertThat(audit("completed")).as("no completion").isEmpty();
                UpgradeRecord r = record().orElseThrow();
                assertThat(r.message()).as("the halted record says why").contains("rolled back to " + s.from + " after")
                        .contains("GetVersion with 'v" + s.from + "', not " + s.to);
                assertThat(daemon.target(KEY.toString())).as("the status says why").startsWith("halted: rolled back to " + s.from);
            } else {
                assertThat(audit("completed")).as("one completion").hasSize(1);
                assertThat(audit("step-failed")).as("no step failed").isEmpty();
            }

            long backups = hops.stream().filter(h -> h.steps().stream().anyMatch(x -> x instanceof Step.BackupMetadata)).count();
            assertThat(backupFiles(".json")).as("one backup per hop that backs up").hasSize((int) backups);
            assertThat(backupFiles(".backup")).as("one backup per hop that backs up").hasSize((int) backups);
            assertThat(backupFiles(".tmp")).as("no half-written backup left behind").isEmpty();

            Map<String, String> expected = new TreeMap<>(metadataBefore);
            if (hops.stream().anyMatch(h -> h.kind() == HopKind.META_MIGRATION)) {
                List<Container> migrations = migrations();
                assertThat(migrations).as("one meta-migration container for the hop").hasSize(1);
                String planId = audit("planned").get(0).path("plan").asText();
                assertThat(migrations.get(0).getNames()[0]).as("named after the plan and hop")
                        .isEqualTo("/" + project.name() + "-meta-migration-" + planId + "-" + s.from + "-" + s.to);
                expected.put("by-dev/meta/migrated", hex((s.from + " -> " + s.to).getBytes(StandardCharsets.UTF_8)));
                assertThat(keyVersion("by-dev/meta/migrated")).as("the migration wrote its key once (etcd's version of the key)").isEqualTo(1);
            }
            assertThat(metadata()).as("etcd's metadata byte for byte (sessions aside)").isEqualTo(expected);
            System.out.printf("compose crash matrix: %s: %d starts, %d s%n", s, restarts, Duration.between(started, Instant.now()).toSeconds());
        }

        /** Arms {@code t} and starts the daemon; waits for the kill unless {@code what} is null (the caller waits). */
        private void arm(Trigger t, String what) throws Exception {
            KillPoint p = t.point;
            if (daemon != null && !daemon.alive()) {
                Optional<UpgradeRecord> r = record();
                // The last kill landed past its own point (the record moved on): it may stand exactly at this one.
                if (p.moment() == Moment.STARTED && startedAt(p)) return;
                if (p.moment() == Moment.DONE && auditSaysDone(p)) return;
                if (p.moment() == Moment.FAILED && auditSaysFailed(p)) return;
                assumeTrue(r.isEmpty() || before(r.get(), p), "the daemon went past " + p + " before it could be armed");
            }
            armed = t;
            ensureRunning();
            if (what != null && !t.fired.await(90, TimeUnit.SECONDS)) {
                armed = null;
                throw new AssertionError("the daemon never reached the " + what + "; status " + daemon.status() + "\n" + daemon.tail());
            }
            t.rethrow();
        }

        private boolean before(UpgradeRecord r, KillPoint p) {
            if (r.phase() != p.phase()) return r.phase() == Phase.RUNNING && p.phase() == Phase.ROLLING_BACK;
            return r.hopIndex() < p.hop() || (r.hopIndex() == p.hop() && r.stepIndex() <= p.step());
        }

        private boolean startedAt(KillPoint p) {
            return recordQuietly().filter(r -> r.phase() == p.phase() && r.hopIndex() == p.hop() && r.stepIndex() == p.step()
                    && r.stepStartedAt().isPresent()).isPresent();
        }

        private boolean stillAt(KillPoint p) {
            return recordQuietly().map(r -> r.phase() == p.phase() && r.hopIndex() == p.hop() && r.stepIndex() == p.step()).orElse(true);
        }

        /** The first kill shows the plan the daemon pinned: it must be the planner's, else the kill points are not its steps. */
        private void checkPinnedPlan() throws IOException {
            if (checkedPlan) return;
            UpgradeRecord r = record().orElseThrow();
            assertThat(r.plan().hops().stream().map(h -> h.kind() + ": " + h.steps().stream().map(Step::type).toList()).toList())
                    .as("the plan the daemon pinned has the steps this matrix kills at")
                    .isEqualTo(hops.stream().map(h -> h.kind() + ": " + h.steps().stream().map(Step::type).toList()).toList());
            checkedPlan = true;
        }

        private boolean auditSaysFailed(KillPoint p) {
            return audit("step-failed").stream().anyMatch(n -> n.path("hop").asInt() == p.hop() && n.path("phase").asText().equals(p.phase().name())
                    && n.path("stepIndex").asInt() == p.step());
        }

        private boolean auditSaysDone(KillPoint p) {
            return stepsDone().contains(p.audit());
        }

        /** Every Milvus container runs {@code v}'s image, and Milvus's entry answers (its /healthz, through the observed health). */
        private boolean runs(Version v) {
            var all = project.containers();
            var milvus = all.entrySet().stream().filter(e -> e.getValue().getConfig().getImage().startsWith("milvusdb/milvus:")).toList();
            return !milvus.isEmpty() && milvus.stream().allMatch(e -> e.getValue().getConfig().getImage().equals("milvusdb/milvus:v" + v)
                    && Boolean.TRUE.equals(e.getValue().getState().getRunning()) && !e.getKey().endsWith(".pre-upgrade"));
        }

        private Optional<UpgradeRecord> record() throws IOException {
            return records.load(KEY);
        }

        private Optional<UpgradeRecord> recordQuietly() {
            try {
                return record();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** "hop/phase#step" of every step-done line of the audit log, in order. */
        private List<String> stepsDone() {
            return AuditLines.stepsDone(data.resolve("audit.jsonl"));
        }

        private List<JsonNode> audit(String event) {
            return AuditLines.of(data.resolve("audit.jsonl"), event);
        }

        private List<Path> backupFiles(String suffix) throws IOException {
            Path backups = data.resolve("backups");
            if (!Files.isDirectory(backups)) return List.of();
            try (Stream<Path> files = Files.list(backups)) {
                return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            }
        }

        /** The meta-migration containers of this project (kept after they end, for docker logs). */
        private List<Container> migrations() {
            return DockerEngine.client().listContainersCmd().withShowAll(true).withNameFilter(List.of(project.name() + "-meta-migration-"))
                    .exec();
        }

        /** A Milvus session the test holds in the project's etcd, as a component that stops slowly would: the wait for sessions waits. */
        private void holdSession() {
            try {
                long lease = project.etcd().getLeaseClient().grant(120).get().getID();
                project.etcd().getKVClient().put(ByteSequence.from("by-dev/meta/session/held-by-the-test", StandardCharsets.UTF_8),
                        ByteSequence.from("{\"ServerName\":\"held\"}", StandardCharsets.UTF_8), PutOption.builder().withLeaseId(lease).build()).get();
                heldSession = lease;
            } catch (Exception e) {
                throw new AssertionError("cannot hold a session in the project's etcd: " + e, e);
            }
        }

        private void releaseSession() throws Exception {
            if (heldSession == 0) return;
            project.etcd().getLeaseClient().revoke(heldSession).get();
            heldSession = 0;
        }

        /**
         * The running Milvus containers lose their /healthz (the fake serves a file): their healthcheck and the driver's own
         * /healthz fail, as a Milvus that is slow to come up, until {@link #releaseUnhealthy()} puts it back. The new
         * containers' first healthcheck comes a second after they start, so the hold is in place before they are healthy.
         */
        private void holdUnhealthy() {
            project.containers().forEach((name, c) -> {
                if (c.getConfig().getImage().startsWith("milvusdb/milvus:") && Boolean.TRUE.equals(c.getState().getRunning())) {
                    exec(c.getId(), "rm", "-f", "/www/healthz");
                    unhealthy.add(c.getId());
                }
            });
        }

        private void releaseUnhealthy() {
            unhealthy.forEach(id -> exec(id, "sh", "-c", "echo OK > /www/healthz"));
            unhealthy.clear();
        }

        private void exec(String container, String... command) {
            var docker = DockerEngine.client();
            String id = docker.execCreateCmd(container).withCmd(command).exec().getId();
            try {
                docker.execStartCmd(id).exec(new ResultCallback.Adapter<>()).awaitCompletion(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void put(String key, byte[] value) throws Exception {
            project.etcd().getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value)).get();
        }

        private long keyVersion(String key) throws Exception {
            return project.etcd().getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8)).get().getKvs().get(0).getVersion();
        }

        /** Every key under the root path but the sessions, with its value in hex: byte for byte. */
        private Map<String, String> metadata() throws Exception {
            Map<String, String> out = new TreeMap<>();
            for (KeyValue kv : project.etcd().getKVClient().get(ByteSequence.from("by-dev/", StandardCharsets.UTF_8),
                    GetOption.builder().isPrefix(true).build()).get().getKvs()) {
                String key = kv.getKey().toString(StandardCharsets.UTF_8);
                if (!key.contains("/meta/session/")) out.put(key, hex(kv.getValue().getBytes()));
            }
            return out;
        }

        /** The fleet, asking for the scenario's version from its first commit: the daemon plans as it starts. */
        private Path fleet() throws IOException {
            Path f = base.resolve("fleet-src");
            Files.createDirectories(f.resolve("environments"));
            Files.writeString(f.resolve("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: compose-crash-matrix\n");
            Files.writeString(f.resolve("policy.yaml"), "");
            Files.writeString(f.resolve("environments/dev.yaml"), """
                    apiVersion: milvus-gitops.io/v1
                    kind: Environment
                    name: dev
                    milvusVersion: %s
                    targets:
                      - name: edge
                        method: compose
                        mode: %s
                        messageQueue: %s
                        compose:
                          dockerHost: %s
                          project: %s
                          composeFile: %s
                    """.formatted(s.to, s.mode.id(), s.mq().id(), DockerEngine.HOST, project.name(), project.file()));
            return f;
        }

        @Override
        public void close() {
            closed = true;
            try {
                if (daemon != null) daemon.close();
                watcher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            repo.close();
            project.close();
        }
    }

    /** A kill point armed: it fires once. {@code reached}: a waiting point's step started (the caller then catches it waiting). */
    private static final class Trigger {
        final KillPoint point;
        final CountDownLatch fired = new CountDownLatch(1);
        final CountDownLatch reached = new CountDownLatch(1);
        volatile Throwable error;

        Trigger(KillPoint point) {
            this.point = point;
        }

        void rethrow() {
            if (error != null) throw new AssertionError("watching for " + point + ": " + error.getMessage(), error);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
