package io.milvusgitops.daemon.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.testing.ComposeProject;
import io.milvusgitops.daemon.testing.DockerEngine;
import io.milvusgitops.daemon.testing.FakeMilvusImages;
import io.milvusgitops.daemon.testing.Run;
import io.milvusgitops.policy.catalog.CatalogLoader;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.fleet.Target;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathRequest;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePlanner;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Layout;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * What the Compose tests share: a driver on the real Docker Engine, the hop of the planner for a
 * version pair, and a loop that drives the steps as the executor does (call, wait while in progress),
 * optionally repeating every step once it is done, as a crash between a step and its record would.
 */
final class ComposeHarness {

    static final Duration RECHECK = Duration.ofMillis(250);
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    final DockerClient docker = DockerEngine.client();
    final ComposeProject project;
    final Target target;
    final ComposeDriver driver;
    final Clock clock = Clock.systemUTC();
    /** What the waiting steps said while they waited, in order. */
    final List<String> waits = new ArrayList<>();
    /** Set to run something between steps (a Docker restart). */
    IntConsumer betweenSteps = i -> { };

    ComposeHarness(ComposeProject project, DeployMode mode, Path backups) throws Exception {
        this.project = project;
        MessageQueue mq = mode == DeployMode.STANDALONE ? MessageQueue.ROCKSMQ : MessageQueue.PULSAR;
        this.target = new Target("edge", DeployMethod.COMPOSE, mode, mq, "by-dev", false,
                new Location.ComposeProject(DockerEngine.HOST, project.name(), Optional.of(project.file().toString())));
        this.driver = new ComposeDriver(docker, DockerEngine.HOST, List.of(), new DirectoryBackupStore(backups), VersionCatalog.builtIn(),
                clock, RECHECK);
    }

    static void images(String... versions) {
        DockerClient d = DockerEngine.client();
        FakeMilvusImages.etcd(d);
        FakeMilvusImages.minio(d);
        FakeMilvusImages.metaMigration(d);
        for (String v : versions) FakeMilvusImages.milvus(d, v);
    }

    /** The planner's hop, for the project as the driver observes it (its MinIO, for the 2.2.5 requirement). */
    Hop onlyHop(String from, String to) throws Exception {
        return onlyHop(VersionCatalog.builtIn(), from, to);
    }

    Hop onlyHop(VersionCatalog catalog, String from, String to) throws Exception {
        var layout = driver.observe(target).map(o -> o.layout()).orElse(Layout.UNKNOWN);
        return Run.onlyHop(catalog, PathRequest.of(Version.parse(from), Version.parse(to), DeployMethod.COMPOSE, target.mode(),
                target.messageQueue()).withLayout(layout));
    }

    /**
     * The built-in catalog, but rolling Compose projects and moving Compose clusters to 2.6. No guide asks for
     * either, so the built-in catalog never plans them (and a fleet cannot add rules); the driver still knows how,
     * and these tests keep that knowledge honest.
     */
    static VersionCatalog catalogBeyondTheGuides() {
        String text;
        try (var in = VersionCatalog.class.getResourceAsStream("milvus-catalog.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String changed = text.replaceFirst("(?s)  - id: recreate-compose-from-2\\.2\\.3\n.*?\n\n", "")
                .replaceFirst("(?s)  - id: no-compose-cluster-to-2\\.6\n.*?\n\n", """
                          - id: topology-change-compose-cluster-beyond-the-guides
                            kind: topology-change
                            from: "[2.5.16,2.6.0-rc1)"
                            to: "[2.6.0,2.7.0)"
                            methods: [compose]
                            modes: [cluster]
                            source: "the driver's tests only"

                        """)
                .replaceFirst("(?s)(  - id: rolling-from-2\\.2\\.3-helm\n.*?)    methods: \\[helm]", "$1    methods: [helm, compose]");
        return CatalogLoader.parse("beyond-the-guides.yaml", changed);
    }

    /** Every step of the hop. */
    Run forward(Hop hop) throws Exception {
        return run(hop, hop.steps(), 0, hop.steps().size(), false);
    }

    /** Every step of the hop, each executed once more right after it is done: the repeat must be Done and change nothing. */
    Run forwardRepeatingEachStep(Hop hop) throws Exception {
        return run(hop, hop.steps(), 0, hop.steps().size(), true);
    }

    /** Steps {@code from} (inclusive) to {@code to} (exclusive) of the hop. */
    Run forward(Hop hop, int from, int to) throws Exception {
        return run(hop, hop.steps(), from, to, false);
    }

    /** The hop's rollback, as the executor runs it after a fatal failure. */
    Run back(Hop hop) throws Exception {
        return run(hop, hop.rollback(), 0, hop.rollback().size(), false);
    }

    /** The smoke test that expects {@code version}, of a target that names {@code canaryCollection} for it to read. */
    StepOutcome smokeTest(Hop hop, Version version, String canaryCollection) throws InterruptedException {
        Target reading = new Target(target.name(), target.method(), target.mode(), target.messageQueue(), target.etcdRootPath(), target.canary(),
                target.location(), Optional.of(canaryCollection));
        return drive(new StepContext(reading, hop, hop.steps().size() - 1, "plan-1", clock.instant(), STEP_TIMEOUT), new Step.SmokeTest(version));
    }

    /** Steps in order, each called until it is not in progress; a retryable failure (Docker restarting) is retried. */
    Run run(Hop hop, List<Step> steps, int from, int to, boolean repeat) throws Exception {
        List<StepOutcome> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            betweenSteps.accept(i);
            StepContext ctx = new StepContext(target, hop, i, "plan-1", clock.instant(), STEP_TIMEOUT);
            StepOutcome o = drive(ctx, steps.get(i));
            out.add(o);
            if (o instanceof StepOutcome.Failed) break;
            if (repeat) {
                StepOutcome again = drive(ctx, steps.get(i));
                assertThat(again).as("repeat of %s", steps.get(i).describe()).isInstanceOf(StepOutcome.Done.class);
            }
        }
        return new Run(out);
    }

    StepOutcome drive(StepContext ctx, Step step) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        int retries = 0;
        while (true) {
            StepOutcome o = driver.execute(ctx, step);
            if (o instanceof StepOutcome.InProgress p) waits.add(p.waitingFor());
            boolean again = o instanceof StepOutcome.InProgress || (o instanceof StepOutcome.Failed f && f.retryable() && ++retries < 60);
            if (!again) return o;
            if (Instant.now().isAfter(deadline)) throw new AssertionError("step " + step.describe() + " never finished: " + o);
            Thread.sleep(RECHECK.toMillis());
        }
    }

    ObservedProject observe() {
        return driver.observe((Location.ComposeProject) target.location());
    }

    /** Container name -> id: which containers exist, and whether they are the same ones. */
    /** The container ids of the project's etcd and MinIO: an upgrade must never touch them. */
    Map<String, String> dependencyIds() {
        Map<String, String> ids = new TreeMap<>(ids());
        ids.keySet().removeIf(n -> !n.endsWith("-etcd") && !n.endsWith("-minio"));
        return ids;
    }

    Map<String, String> ids() {
        Map<String, String> out = new TreeMap<>();
        project.containers().forEach((n, c) -> out.put(n, c.getId()));
        return out;
    }

    InspectContainerResponse container(String name) {
        return project.containers().get(name);
    }

    Map<String, String> etcd(String prefix) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (KeyValue kv : project.etcd().getKVClient().get(bs(prefix), GetOption.builder().isPrefix(true).build()).get().getKvs()) {
            out.put(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    void put(String key, String value) throws Exception {
        project.etcd().getKVClient().put(bs(key), bs(value)).get();
    }

    static ByteSequence bs(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
