package io.milvusgitops.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.milvusgitops.daemon.kube.ConfigMapStateStore;
import io.milvusgitops.daemon.record.RecordJson;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.testing.DaemonProcess;
import io.milvusgitops.daemon.testing.EmulatedCluster;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.GitServer;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.Coordinators;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.kube.ApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash half of the fault matrix (issue 18): for every hop kind of the Kubernetes drivers, the daemon as a
 * process is killed with SIGKILL at every step boundary of one upgrade, started again, and must finish the upgrade
 * with every step done once, each migration and backup run once, and etcd's metadata as it should be.
 *
 * <p>Kill points, for step i of each hop, in the order they come:
 * <ul>
 *   <li>{@code started}: the write-ahead record that says step i started is stored by the API server; the daemon
 *       dies before it hears the answer (the emulator's interceptor kills it while the answer is held);</li>
 *   <li>{@code waiting} (steps that wait: a rollout, a Job, a MilvusUpgrade, sessions): the restarted daemon is
 *       caught waiting, the simulated kubelet and operator held so that the wait is real;</li>
 *   <li>{@code done}: the audit log says step i is done and the daemon is about to move its record on: the write
 *       is refused by killing the daemon, so the record still says step i started although its effect is in place.</li>
 * </ul>
 * <p>Which points run: with {@code -DcrashMatrix.full=true}, every boundary of every step. By default (CI, where the
 * whole matrix must stay under 8 minutes on two cores, and each restart of the daemon costs 8 to 10 s there), the
 * points where a crash can do harm: {@code done} of the first step of each kind that changes the deployment (its
 * effect in place, its record behind; the other components of a rolling hop take the same code path),
 * {@code started}, {@code waiting} and {@code done} of each backup and migration (they must run once), and
 * {@code started} and {@code waiting} of the wait for sessions and of the last wait for health of a rolling hop. Left
 * out by default: the boundaries of the steps that only read (check health, verify removed, smoke test, operator
 * version), whose repetition is harmless; the {@code started} of steps that act at once (the state is the
 * {@code done} of the step before, but for the start time); the waits for health of the other hops.
 *
 * <p>Cases of one hop share one run (one cluster, one Git server, one daemon started again after each kill), in order:
 * a case kills at its point and restarts; the last case of a hop waits for the end and checks it. The kill points
 * are the planner's steps for the deployment; the first case checks that the daemon pinned the same steps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashMatrixTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ROLLOUT = Duration.ofSeconds(2);
    private static final Map<String, String> SEPARATE_25 = Map.of("cluster.enabled", "true", "mixCoordinator.enabled", "false",
            "rootCoordinator.enabled", "true", "queryCoordinator.enabled", "true", "dataCoordinator.enabled", "true");

    /** One hop kind (or two, where the planner puts enable-mixcoord before the topology change) of one driver. */
    enum Scenario {
        HELM_ROLLING(DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "2.4.5", "2.5.16", Coordinators.MIXCOORD, "4.1.36",
                EmulatedCluster.CLUSTER),
        HELM_RECREATE(DeployMethod.HELM, DeployMode.STANDALONE, MessageQueue.ROCKSMQ, "2.4.5", "2.5.16", null, "4.1.36",
                Map.of("cluster.enabled", "false")),
        HELM_META_MIGRATION(DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "2.1.4", "2.2.13", Coordinators.SEPARATE, "3.2.18",
                Map.of("cluster.enabled", "true")),
        HELM_ENABLE_MIXCOORD_AND_TOPOLOGY_CHANGE(DeployMethod.HELM, DeployMode.CLUSTER, MessageQueue.PULSAR, "2.5.16", "2.6.15",
                Coordinators.SEPARATE, "4.2.58", SEPARATE_25),
        OPERATOR_ROLLING(DeployMethod.OPERATOR, DeployMode.CLUSTER, MessageQueue.KAFKA, "2.4.5", "2.5.16", Coordinators.SEPARATE, null, Map.of()),
        OPERATOR_RECREATE(DeployMethod.OPERATOR, DeployMode.STANDALONE, MessageQueue.ROCKSMQ, "2.4.5", "2.5.16", null, null, Map.of()),
        OPERATOR_META_MIGRATION(DeployMethod.OPERATOR, DeployMode.CLUSTER, MessageQueue.KAFKA, "2.1.4", "2.2.16", Coordinators.SEPARATE, null,
                Map.of()),
        OPERATOR_ENABLE_MIXCOORD_AND_TOPOLOGY_CHANGE(DeployMethod.OPERATOR, DeployMode.CLUSTER, MessageQueue.KAFKA, "2.5.16", "2.6.15",
                Coordinators.SEPARATE, null, Map.of());

        final DeployMethod method;
        final DeployMode mode;
        final MessageQueue mq;
        final String from;
        final String to;
        final Optional<Coordinators> coordinators;
        final String chart;
        final Map<String, String> values;

        Scenario(DeployMethod method, DeployMode mode, MessageQueue mq, String from, String to, Coordinators coordinators, String chart,
                 Map<String, String> values) {
            this.method = method;
            this.mode = mode;
            this.mq = mq;
            this.from = from;
            this.to = to;
            this.coordinators = Optional.ofNullable(coordinators);
            this.chart = chart;
            this.values = values;
        }

        /** The hops the planner gives this deployment, as the daemon plans them from what it observes. */
        List<Hop> hops() {
            Layout layout = coordinators.map(Layout.UNKNOWN::withCoordinators).orElse(Layout.UNKNOWN);
            PathResult r = new UpgradePlanner(VersionCatalog.builtIn()).plan(PathRequest.of(Version.parse(from), Version.parse(to), method, mode, mq)
                    .withLayout(layout));
            return ((PathResult.Found) r).path().hops();
        }

        /** Where Milvus keeps its metadata: the chart's default root path, or the Milvus resource's name. */
        String root() {
            return method == DeployMethod.HELM ? "by-dev" : "recsys";
        }

        String namespace() {
            return method == DeployMethod.HELM ? "dev" : "vectors";
        }

        @Override
        public String toString() {
            return method + " " + hops().stream().map(h -> h.kind().id()).collect(Collectors.joining(" + ")) + " " + from + " -> " + to
                    + " (" + mode + ")";
        }
    }

    enum Moment {
        STARTED("after the write-ahead record says it started"),
        WAITING("while it waits (the rollout held)"),
        DONE("after the audit log says it is done, before the record moves on"),
        END("none: the run ends; every step once, each migration and backup once, etcd as it should be");

        final String words;

        Moment(String words) {
            this.words = words;
        }
    }

    /** One kill point: step {@code step} (0-based) of hop {@code hop}. */
    record KillPoint(int hop, int step, String type, Moment moment) {
        @Override
        public String toString() {
            return moment == Moment.END ? "no kill, " + moment.words
                    : "SIGKILL at hop " + (hop + 1) + " step " + (step + 1) + " (" + type + ") " + moment.words;
        }
    }

    /** Steps that must run exactly once: the backup and the migrations. */
    private static boolean runsOnce(Step s) {
        return s instanceof Step.BackupMetadata || s instanceof Step.RunMetaMigration || s instanceof Step.CreateMilvusUpgrade;
    }

    /** Steps whose end depends on the cluster (the simulated kubelet or operator), so a daemon can be caught waiting. */
    private static boolean waits(Step s) {
        return s instanceof Step.WaitHealthy || s instanceof Step.WaitNoLiveSessions || s instanceof Step.RunMetaMigration
                || s instanceof Step.CreateMilvusUpgrade;
    }

    static Stream<Arguments> killPoints() {
        List<Arguments> out = new ArrayList<>();
        // -DcrashMatrix.only=HELM_RECREATE,... runs some hops only (while working on one driver).
        String only = System.getProperty("crashMatrix.only", "");
        // CI runs the kill points where a crash can do harm (see the class comment); -DcrashMatrix.full=true runs every boundary.
        boolean full = Boolean.getBoolean("crashMatrix.full");
        for (Scenario s : Scenario.values()) {
            if (!only.isEmpty() && !List.of(only.split(",")).contains(s.name())) continue;
            List<Hop> hops = s.hops();
            for (int h = 0; h < hops.size(); h++) {
                List<Step> steps = hops.get(h).steps();
                Hop hop = hops.get(h);
                boolean migrates = hop.steps().stream().anyMatch(CrashMatrixTest::runsOnce);
                int lastWait = IntStream.range(0, steps.size()).filter(i -> steps.get(i) instanceof Step.WaitHealthy).max().orElse(-1);
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < steps.size(); i++) {
                    Step step = steps.get(i);
                    boolean once = runsOnce(step);
                    boolean firstOfItsKind = seen.add(step.type());
                    // The waits of note: for a migration, for sessions, and for health at the end of a rolling hop.
                    boolean waitOfNote = once || step instanceof Step.WaitNoLiveSessions || (i == lastWait && hop.kind() == HopKind.ROLLING && !migrates);
                    boolean changes = !(step.leavesDeploymentAsItIs() || waits(step) || step instanceof Step.SmokeTest || step instanceof Step.VerifyRemoved);
                    if (full || once || waitOfNote) out.add(Arguments.of(s, new KillPoint(h, i, step.type(), Moment.STARTED)));
                    if (waits(step) && (full || waitOfNote)) out.add(Arguments.of(s, new KillPoint(h, i, step.type(), Moment.WAITING)));
                    if (full || once || (changes && firstOfItsKind)) out.add(Arguments.of(s, new KillPoint(h, i, step.type(), Moment.DONE)));
                }
            }
            out.add(Arguments.of(s, new KillPoint(hops.size(), 0, "", Moment.END)));
        }
        return out.stream();
    }

    private final KillRuns<Scenario, Run> runs = new KillRuns<>("crash-matrix", Run::new);

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("killPoints")
    void everyStepRunsOnceWhateverTheMomentOfTheKill(Scenario scenario, KillPoint point) throws Exception {
        switch (point.moment()) {
            case STARTED -> runs.kill(scenario, point, r -> r.killWhenStarted(point));
            case WAITING -> runs.kill(scenario, point, r -> r.killWhileWaiting(point));
            case DONE -> runs.kill(scenario, point, r -> r.killWhenDone(point));
            case END -> runs.end(scenario, point, Run::finish);
        }
    }

    @AfterAll
    void closeRuns() throws Exception {
        runs.close(Boolean.getBoolean("crashMatrix.keep"));
    }

    /** One upgrade of one deployment, through every kill of its hops. */
    private final class Run implements AutoCloseable {

        final Scenario s;
        final Path base;
        final EmulatedCluster cluster;
        final FleetRepo repo;
        final GitServer git;
        final String config;
        final List<Hop> hops;
        final Map<String, String> metadataBefore;
        final Instant started = Instant.now();
        volatile DaemonProcess daemon;
        volatile Trigger armed;
        int restarts;
        boolean checkedPlan;

        Run(Scenario s, Path base) throws Exception {
            this.s = s;
            this.base = Files.createDirectories(base);
            this.hops = s.hops();
            etcd.clear(s.root());
            cluster = new EmulatedCluster(etcd.client().getKVClient(), ROLLOUT);
            if (s.method == DeployMethod.HELM) {
                cluster.install(s.namespace(), "milvus", s.chart, s.values);
            } else {
                cluster.createMilvus(s.namespace(), "recsys", s.mode.id(), s.from, s.mq.id());
            }
            // Metadata a migration must keep, binary bytes included; sessions come and go with the components.
            put(s.root() + "/meta/root-coord/collection/1", "{\"name\":\"books\"}".getBytes(StandardCharsets.UTF_8));
            put(s.root() + "/meta/segment-index/7", new byte[] {0, (byte) 0xff, 1, '\n'});
            metadataBefore = metadata();
            repo = FleetRepo.create(base.resolve("git"), "fleet.git", fleet(s.from));
            git = GitServer.start(GitServer.Kind.GIT_DAEMON, base.resolve("git"));
            config = cluster.daemonConfig(base, git.url("fleet.git"), base.resolve("data"), etcd.endpoint(), "");
            cluster.api().intercept(new ApiServer.Interceptor() {
                @Override
                public int before(String method, String path) {
                    Trigger t = armed;
                    if (t != null && t.point.moment() == Moment.DONE && method.equals("PUT") && isRecord(path) && auditSaysDone(t.point)) {
                        fire(t);
                        return 503; // never stored: the daemon is gone
                    }
                    return 0;
                }

                @Override
                public void written(String method, String path, JsonNode stored) {
                    Trigger t = armed;
                    if (t == null || t.point.moment() != Moment.STARTED || !isRecord(path)) return;
                    record(stored).filter(r -> r.phase() == UpgradeRecord.Phase.RUNNING && r.hopIndex() == t.point.hop()
                            && r.stepIndex() == t.point.step() && r.stepStartedAt().isPresent()).ifPresent(r -> {
                                if (t.holdCluster) cluster.hold(release());
                                fire(t);
                            });
                }
            });
            repo.commit("dev: Milvus " + s.to, Map.of("environments/dev.yaml", env(s.to)));
        }

        /**
         * Starts the daemon if the last case killed it. A case arms its kill point first and only then starts the daemon:
         * a daemon running between two cases could pass the next point before it is armed.
         */
        private void ensureRunning() throws Exception {
            if (daemon != null && daemon.alive()) return;
            // The client compiler: a daemon that lives seconds between two kills starts 1.3 s sooner; the kill points are exact either way.
            daemon = DaemonProcess.launch(base, "daemon-" + restarts, config, List.of(), DaemonProcess.QUICK_START);
            restarts++;
        }

        /** Kills the daemon where the trigger says, on the API server's thread, before the daemon hears anything. */
        private void fire(Trigger t) {
            armed = null;
            try {
                daemon.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.fired.countDown();
        }

        private boolean isRecord(String path) {
            return path.contains("/namespaces/" + s.namespace() + "/configmaps/" + ConfigMapStateStore.name(new TargetKey(
                    "dev", target())));
        }

        void killWhenStarted(KillPoint p) throws Exception {
            Step step = hops.get(p.hop()).steps().get(p.step());
            arm(new Trigger(p, waits(step)), "write-ahead of " + p);
            checkPinnedPlan();
            assertThat(record()).as("the record after the kill").hasValueSatisfying(r -> {
                assertThat(r.stepIndex()).isEqualTo(p.step());
                assertThat(r.stepStartedAt()).isPresent();
            });
        }

        void killWhileWaiting(KillPoint p) throws Exception {
            ensureRunning();
            daemon.await("wait on " + p.type() + " (or pass it)", d -> d.target("dev/" + target()).startsWith("waiting")
                    || !stillAt(p), Duration.ofSeconds(30));
            boolean waiting = stillAt(p);
            daemon.kill(); // also when the step is over: the next case arms its point before the daemon runs again
            cluster.release(release());
            assumeTrue(waiting, "step " + (p.step() + 1) + " ended before the daemon could be caught waiting on it");
        }

        private boolean stillAt(KillPoint p) {
            try {
                return record().map(r -> r.hopIndex() == p.hop() && r.stepIndex() == p.step()).orElse(false);
            } catch (IOException e) {
                return true;
            }
        }

        private String release() {
            return s.method == DeployMethod.HELM ? "milvus" : "recsys";
        }

        void killWhenDone(KillPoint p) throws Exception {
            arm(new Trigger(p, false), "the record moving past " + p);
            assertThat(stepsDone()).as("the audit log says the step is done").contains(p.hop() + "/RUNNING#" + p.step());
            assertThat(record()).as("the record still says the step started").hasValueSatisfying(r -> {
                assertThat(r.hopIndex()).isEqualTo(p.hop());
                assertThat(r.stepIndex()).isEqualTo(p.step());
            });
        }

        void finish() throws Exception {
            cluster.release(release());
            ensureRunning();
            daemon.await("finish the upgrade", d -> runsDesired() && d.target("dev/" + target()).equals("in sync"), Duration.ofSeconds(120));
            List<String> steps = stepsDone();
            assertThat(steps).as("no step is recorded done twice").doesNotHaveDuplicates();
            for (int h = 0; h < hops.size(); h++) {
                int hop = h;
                assertThat(steps.stream().filter(x -> x.startsWith(hop + "/")).toList()).as("every step of hop %d once, in order", h + 1)
                        .containsExactlyElementsOf(IntStream.range(0, hops.get(h).steps().size()).mapToObj(i -> hop + "/RUNNING#" + i).toList());
            }
            assertThat(audit("planned")).as("one plan").hasSize(1);
            assertThat(audit("completed")).as("one completion").hasSize(1);
            assertThat(audit("step-failed")).as("no step failed").isEmpty();

            long backups = hops.stream().filter(h -> h.steps().stream().anyMatch(x -> x instanceof Step.BackupMetadata)).count();
            assertThat(backupManifests()).as("one backup per hop that backs up").hasSize((int) backups);

            Map<String, String> expected = new TreeMap<>(metadataBefore);
            boolean migrates = hops.stream().anyMatch(h -> h.kind() == HopKind.META_MIGRATION);
            if (migrates) {
                List<String> migrations = migrations();
                assertThat(migrations).as("one migration (a Job, or a MilvusUpgrade) for the hop").hasSize(1);
                expected.put(s.root() + "/meta/migrated-by", hex(migrations.get(0).getBytes(StandardCharsets.UTF_8)));
            }
            assertThat(metadata()).as("etcd's metadata byte for byte (sessions aside)").isEqualTo(expected);
            System.out.printf("crash matrix: %s: %d starts, %d s%n", s, restarts, Duration.between(started, Instant.now()).toSeconds());
        }

        private void arm(Trigger t, String what) throws Exception {
            if (daemon != null && !daemon.alive()) {
                // The last daemon died past its own kill point (a wait that did not wait): it may have left the state of this one.
                Optional<UpgradeRecord> r = record();
                KillPoint p = t.point;
                if (r.isPresent() && r.get().hopIndex() == p.hop() && r.get().stepIndex() == p.step() && r.get().stepStartedAt().isPresent()
                        && (p.moment() == Moment.STARTED || auditSaysDone(p))) {
                    if (t.holdCluster) cluster.hold(release());
                    return; // the daemon is dead right there: the point is reached as a kill would reach it
                }
                assumeTrue(r.isEmpty() || r.get().hopIndex() < p.hop() || (r.get().hopIndex() == p.hop() && r.get().stepIndex() <= p.step()),
                        "the daemon went past this point before it could be armed");
            }
            armed = t;
            ensureRunning();
            if (!t.fired.await(60, TimeUnit.SECONDS)) {
                armed = null;
                throw new AssertionError("the daemon never reached the " + what + "; status " + daemon.status() + "\n" + daemon.tail());
            }
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

        private boolean auditSaysDone(KillPoint p) {
            return stepsDone().contains(p.hop() + "/RUNNING#" + p.step());
        }

        private String target() {
            return s.method == DeployMethod.HELM ? "search" : "recsys";
        }

        private boolean runsDesired() {
            Version want = Version.parse(s.to);
            if (s.method == DeployMethod.HELM) {
                var m = cluster.observe(s.namespace(), "milvus");
                return m.version().equals(Optional.of(want)) && m.health().id().equals("Healthy");
            }
            return cluster.milvus(s.namespace(), "recsys").map(m -> m.version().equals(Optional.of(want)) && m.health().id().equals("Healthy"))
                    .orElse(false);
        }

        private Optional<UpgradeRecord> record() throws IOException {
            var cm = cluster.client().configMaps().inNamespace(s.namespace())
                    .withName(ConfigMapStateStore.name(new TargetKey("dev", target()))).get();
            if (cm == null || cm.getData() == null || !cm.getData().containsKey(ConfigMapStateStore.KEY)) return Optional.empty();
            return Optional.of(RecordJson.read(cm.getData().get(ConfigMapStateStore.KEY).getBytes(StandardCharsets.UTF_8)));
        }

        private Optional<UpgradeRecord> record(JsonNode configMap) {
            JsonNode json = configMap.path("data").path(ConfigMapStateStore.KEY);
            if (!json.isTextual()) return Optional.empty();
            try {
                return Optional.of(RecordJson.read(json.asText().getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** "hop/phase#step" of every step-done line of the audit log, in order. */
        private List<String> stepsDone() {
            return AuditLines.stepsDone(base.resolve("data/audit.jsonl"));
        }

        private List<JsonNode> audit(String event) {
            return AuditLines.of(base.resolve("data/audit.jsonl"), event);
        }

        private List<Path> backupManifests() throws IOException {
            Path backups = base.resolve("data/backups");
            if (!Files.isDirectory(backups)) return List.of();
            try (Stream<Path> files = Files.list(backups)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
            }
        }

        /** The names of the migrations that ran: the meta-migration Jobs (Helm) or the MilvusUpgrades (Operator). */
        private List<String> migrations() {
            if (s.method == DeployMethod.HELM) {
                return cluster.client().batch().v1().jobs().inNamespace(s.namespace()).list().getItems().stream()
                        .filter(j -> j.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().contains("meta-migration"))
                        .map(j -> j.getMetadata().getName()).toList();
            }
            return cluster.api().cluster().list("milvus.io/v1beta1", "MilvusUpgrade", s.namespace(), "").stream()
                    .map(u -> u.path("metadata").path("name").asText()).toList();
        }

        private void put(String key, byte[] value) throws Exception {
            etcd.client().getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(value)).get();
        }

        /** Every key under the root path but the sessions, with its value in hex: byte for byte. */
        private Map<String, String> metadata() throws Exception {
            Map<String, String> out = new TreeMap<>();
            for (KeyValue kv : etcd.client().getKVClient().get(ByteSequence.from(s.root() + "/", StandardCharsets.UTF_8),
                    GetOption.builder().isPrefix(true).build()).get().getKvs()) {
                String key = kv.getKey().toString(StandardCharsets.UTF_8);
                if (!key.contains("/meta/session/")) out.put(key, hex(kv.getValue().getBytes()));
            }
            return out;
        }

        private String fleetEnv(String version) {
            return env(version);
        }

        private String env(String version) {
            String head = "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: dev\nmilvusVersion: " + version + "\ntargets:\n";
            return head + "  - name: " + target() + "\n    method: " + s.method.id() + "\n    mode: " + s.mode.id() + "\n    messageQueue: " + s.mq.id()
                    + "\n    kubernetes: {context: sim, namespace: " + s.namespace() + ", "
                    + (s.method == DeployMethod.HELM ? "release: milvus" : "milvus: recsys") + "}\n";
        }

        private Path fleet(String version) throws IOException {
            Path f = base.resolve("fleet-src");
            Files.createDirectories(f.resolve("environments"));
            Files.writeString(f.resolve("fleet.yaml"), "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: crash-matrix\n");
            Files.writeString(f.resolve("policy.yaml"), "");
            Files.writeString(f.resolve("environments/dev.yaml"), fleetEnv(version));
            return f;
        }

        @Override
        public void close() {
            try {
                if (daemon != null) daemon.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cluster.close();
            try {
                git.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            repo.close();
        }
    }

    /** A kill point armed: it fires once. {@code holdCluster}: hold the kubelet and operator too, so the next daemon waits. */
    private static final class Trigger {
        final KillPoint point;
        final boolean holdCluster;
        final CountDownLatch fired = new CountDownLatch(1);

        Trigger(KillPoint point, boolean holdCluster) {
            this.point = point;
            this.holdCluster = holdCluster;
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
