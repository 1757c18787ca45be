package io.milvusgitops.daemon.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.daemon.testing.GitServer;
import io.milvusgitops.policy.catalog.VersionCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PollLoopTest {

    @TempDir
    Path tmp;

    @Test
    void aWebhookTriggerPollsAtOnceAndABurstIsCoalescedIntoOneFetch() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("repos"));
        try (FleetRepo repo = FleetRepo.create(base, "fleet.git", GitSourceTest.EXAMPLE);
             GitServer server = GitServer.start(GitServer.Kind.SMART_HTTP, base);
             GitSource source = new GitSource(GitSourceSettings.of(server.url("fleet.git"), "main", tmp.resolve("cache")),
                     VersionCatalog.builtIn(), Clock.systemUTC())) {
            CopyOnWriteArrayList<PollOutcome> outcomes = new CopyOnWriteArrayList<>();
            // An hour between regular polls: anything faster than that is the trigger's doing.
            try (PollLoop loop = new PollLoop(source, Backoff.forInterval(Duration.ofHours(1)), outcomes::add)) {
                loop.start();
                await(() -> outcomes.size() == 1);
                assertThat(outcomes.get(0)).isInstanceOf(PollOutcome.Applied.class);

                String dev = Files.readString(repo.work().resolve("environments/dev.yaml")).replace("2.6.15", "2.6.14");
                String next = repo.commit("dev: 2.6.14", Map.of("environments/dev.yaml", dev));
                for (int i = 0; i < 50; i++) {
                    loop.trigger();
                }
                await(() -> source.desired().map(d -> d.commit().equals(next)).orElse(false));
                Thread.sleep(300);
                // Triggers that land while a poll runs cost at most one more poll each round, and those find nothing new.
                assertThat(loop.polls()).as("50 triggers, polls").isBetween(2L, 5L);
                assertThat(source.status().fetches()).as("one fetch for the burst").isEqualTo(2);
            }
        }
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 20 s");
            Thread.sleep(10);
        }
    }
}
