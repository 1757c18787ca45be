package io.milvusgitops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.helm.HelmObserver;
import io.milvusgitops.daemon.helm.ObservedRelease;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.etcd.LocalEtcd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job: the demo on the example fleet. The daemon must really upgrade dev through its
 * three hops in the simulated cluster (rolling to 2.5.16 with its separate coordinators kept, MixCoord
 * enabled, the 2.6 topology change), hold staging and prod back for the example policy's reasons, say on
 * its page that it is a simulation, and follow a commit made to the demo's repository.
 */
class DemoTest {

    @TempDir
    Path tmp;

    @Test
    void upgradesDevThroughTwoHopsHoldsStagingAndProdBackAndFollowsANewCommit() throws Exception {
        assertThat(LocalEtcd.binary()).as(LocalEtcd.HOW_TO_GET).isPresent();
        Path examples = Path.of("../examples").toAbsolutePath().normalize();
        Demo.Settings settings = new Demo.Settings(examples.resolve("fleet"), examples.resolve("charts"), tmp, 0, Version.parse("2.4.5"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        try (Demo demo = Demo.start(settings)) {
            awaitTarget(demo, "dev/search-dev", "in sync"::equals, Duration.ofMinutes(3));

            ObservedRelease dev = new HelmObserver(demo.clusters().client("dev-cluster")).observe("milvus", "search");
            assertThat(dev.version()).contains(Version.parse("2.6.15"));
            assertThat(dev.components().keySet()).contains(Component.STREAMINGNODE, Component.MIXCOORD).doesNotContain(Component.INDEXNODE);
            ObservedRelease staging = new HelmObserver(demo.clusters().client("staging-cluster")).observe("milvus", "search");
            assertThat(staging.version()).as("staging waits for dev to soak").contains(Version.parse("2.4.5"));
            assertThat(status(demo).target(TargetKey.parse("staging/search-staging")).orElseThrow().lastPass()).startsWith("held back: promotion-gate");

            String page = get(demo, "/");
            assertThat(page).contains("id=\"simulation\"").contains("SIMULATION");
            assertThat(get(demo, "/metrics")).contains("milvus_gitops_target_drift{environment=\"dev\",target=\"search-dev\"} 0.0");

            // A commit to the demo's repository is the next desired state.
            Path prod = demo.repository().resolve("environments/prod.yaml");
            Files.writeString(prod, Files.readString(prod).replaceFirst("milvusVersion: \\S+", "milvusVersion: 2.6.15"));
            run(demo.repository(), "git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "prod: Milvus 2.6.15");
            String head = run(demo.repository(), "git", "rev-parse", "HEAD").trim();
            Instant deadline = Instant.now().plusSeconds(30);
            while (!status(demo).git().commit().equals(head) && Instant.now().isBefore(deadline)) Thread.sleep(200);
            assertThat(status(demo).git().commit()).isEqualTo(head);
        }
    }

    private static StatusReport status(Demo demo) {
        return demo.daemon().status();
    }

    private static void awaitTarget(Demo demo, String target, Predicate<String> state, Duration max) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = status(demo).target(TargetKey.parse(target)).map(TargetStatus::lastPass).orElse("");
            if (state.test(last)) return;
            Thread.sleep(250);
        }
        throw new AssertionError(target + " did not get there within " + max + "; last: " + last + "\n" + status(demo));
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
}
