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
import java.util.function.BooleanSupplier;
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
                // Triggers while a poll runs make one more poll, and those find nothing new.
                Thread.sleep(300);
                long afterBurst = loop.polls();
                assertThat(afterBurst).as("50 triggers, polls").isBetween(2L, 3L);
                assertThat(source.status().fetches()).as("one fetch for the burst").isEqualTo(2);

                // Triggers that land while a poll runs start no second polling chain: idle, the count stays put.
                Thread concurrent = new Thread(() -> {
                    for (int i = 0; i < 200; i++) loop.trigger();
                });
                concurrent.start();
                concurrent.join();
                Thread.sleep(500);
                long settled = loop.polls();
                Thread.sleep(1000);
                assertThat(loop.polls()).as("no poll runs on its own within the hour-long interval").isEqualTo(settled);
            }
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 20 s");
            Thread.sleep(10);
        }
    }
}
