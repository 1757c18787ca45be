package io.milvusgitops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.cli.Main;
import io.milvusgitops.daemon.helm.HelmObserver;
import io.milvusgitops.daemon.helm.ObservedRelease;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.etcd.LocalEtcd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job: the demo on the example fleet, driven as its guide tells a newcomer. The daemon
 * really upgrades dev in the simulated clusters (MixCoord, the 2.6 topology change), holds staging for dev's
 * soak, and after the demo clock moves: staging, then (promoted and approved) prod, the canary first. The
 * page says it is a simulation and shows the demo clock.
 */
class DemoTest {

    static final Duration STAGE = Duration.ofMinutes(4);

    @TempDir
    Path tmp;

    @Test
    void theWholePromotionDevStagingProdFollowingTheGuideOnTheDemoClock() throws Exception {
        assertThat(LocalEtcd.binary()).as(LocalEtcd.HOW_TO_GET).isPresent();
        Path examples = Path.of("../examples").toAbsolutePath().normalize();
        Demo.Settings settings = new Demo.Settings(examples.resolve("fleet"), examples.resolve("charts"), tmp, 0, Version.parse("2.5.16"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        try (Demo demo = Demo.start(settings)) {
            // 1. dev upgrades at once.
            awaitInSync(demo, Duration.ofMinutes(3), "dev/search-dev");
            ObservedRelease dev = new HelmObserver(demo.clusters().client("dev-cluster")).observe("milvus", "search");
            assertThat(dev.version()).contains(Version.parse("2.6.15"));
            assertThat(dev.components().keySet()).contains(Component.STREAMINGNODE, Component.MIXCOORD).doesNotContain(Component.INDEXNODE);
            // Before the first Enter the demo clock is real time: inside staging's window (examples/fleet/policy.yaml: Mon-Fri 20:00-23:00 Berlin) only the soak holds it.
            List<String> holding = withinStagingWindow(Instant.now()) ? List.of("promotion-gate") : List.of("promotion-gate", "maintenance-window");
            assertThat(status(demo).target(TargetKey.parse("staging/search-staging")).orElseThrow().objections()).extracting(Objection::rule)
                    .as("staging waits for dev's soak and for its window").containsAll(holding);
            assertThat(status(demo).target(TargetKey.parse("prod/edge-berlin")).orElseThrow().unobserved()).hasValueSatisfying(
                    why -> assertThat(why).contains("needs a Docker host"));
            String page = get(demo, "/");
            assertThat(page).contains("id=\"simulation\"").contains("SIMULATION").contains("DEMO CLOCK: on real time");
            assertThat(get(demo, "/metrics")).contains("milvus_gitops_target_drift{environment=\"dev\",target=\"search-dev\"} 0.0");

            // 2. Enter: dev's soak passes, then staging's window opens; staging (Helm and Operator) upgrades.
            pressEnterUntilInSync(demo, "staging/search-staging", "staging/recsys-staging");
            assertThat(demo.clusters().client("staging-cluster").genericKubernetesResources("milvus.io/v1beta1", "Milvus")
                    .inNamespace("vectors").withName("recsys").get().get("status", "currentImage").toString())
                    .isEqualTo("milvusdb/milvus:v2.6.15");

            // 3. Promote staging's version to prod and approve it, as the guide prints.
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "promote", "--repo", demo.repository().toString(), "--from", "staging",
                    "--to", "prod", "--branch", "main", "--author", "Dee Vops <dee@example.com>")).as(err.toString()).isZero();
            run(demo.repository(), "git", "-c", "user.name=Alice", "-c", "user.email=alice@example.com", "commit", "--allow-empty", "-qm",
                    "prod: approved", "-m", "Approved-by: alice@example.com");
            String head = run(demo.repository(), "git", "rev-parse", "HEAD").trim();
            Instant deadline = Instant.now().plusSeconds(30);
            while (!status(demo).git().commit().equals(head) && Instant.now().isBefore(deadline)) Thread.sleep(200);
            assertThat(status(demo).git().commit()).isEqualTo(head);
            // The status names the new commit before the pass over it ends: until then prod still reads "in sync" with the old version.
            deadline = Instant.now().plusSeconds(30);
            while (status(demo).target(TargetKey.parse("prod/search-prod")).map(s -> s.lastPass().equals("in sync")).orElse(true)
                    && Instant.now().isBefore(deadline)) Thread.sleep(200);
            assertThat(status(demo).target(TargetKey.parse("prod/search-prod")).orElseThrow().lastPass()).isNotEqualTo("in sync");

            // 4. Enter: staging's 72 h soak and prod's Saturday window pass; the canary goes first, alone.
            List<String> order = pressEnterUntilInSync(demo, "prod/search-prod", "prod/recsys-prod");
            assertThat(order).as("the order prod's targets started upgrading in").containsExactly("prod/search-prod", "prod/recsys-prod");
            assertThat(get(demo, "/")).contains("DEMO CLOCK").contains("ahead of real time");
        }
    }

    /**
     * Presses Enter (moves the demo clock) whenever nothing runs, until every target is in sync; returns the targets
     * in the order they were first seen upgrading.
     */
    private static List<String> pressEnterUntilInSync(Demo demo, String... targets) throws InterruptedException {
        Instant deadline = Instant.now().plus(STAGE);
        List<String> started = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            StatusReport r = status(demo);
            for (String t : targets) {
                if (r.target(TargetKey.parse(t)).map(TargetStatus::upgrading).orElse(false) && !started.contains(t)) started.add(t);
            }
            if (Arrays.stream(targets).allMatch(t -> r.target(TargetKey.parse(t)).map(s -> s.lastPass().equals("in sync")).orElse(false))) {
                return started;
            }
            // As a person would: press, then look at what the next pass did before pressing again.
            Thread.sleep(demo.moveClock() instanceof Demo.ClockMove.Moved ? 3_000 : 500);
        }
        throw new AssertionError(String.join(", ", targets) + " not in sync within " + STAGE + "\n" + status(demo));
    }

    private static void awaitInSync(Demo demo, Duration max, String target) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = status(demo).target(TargetKey.parse(target)).map(TargetStatus::lastPass).orElse("");
            if (last.equals("in sync")) return;
            Thread.sleep(250);
        }
        throw new AssertionError(target + " did not get there within " + max + "; last: " + last + "\n" + status(demo));
    }

    private static StatusReport status(Demo demo) {
        return demo.daemon().status();
    }

    private static String get(Demo demo, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.daemon().port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    /** Whether staging's maintenance window of the example policy is open at {@code t}. */
    static boolean withinStagingWindow(Instant t) {
        ZonedDateTime berlin = t.atZone(ZoneId.of("Europe/Berlin"));
        return berlin.getDayOfWeek().getValue() <= 5 && berlin.getHour() >= 20 && berlin.getHour() < 23;
    }
}
