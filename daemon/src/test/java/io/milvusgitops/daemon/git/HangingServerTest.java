package io.milvusgitops.daemon.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.VersionCatalog;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Git server that accepts and never answers: the poll waits for its timeout, readers of the status never wait for the poll. */
class HangingServerTest {

    @TempDir
    Path dir;

    @Test
    void statusAndDesiredStateAnswerWhileAPollHangs() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket held = server.accept()) {
                    connected.countDown();
                    Thread.sleep(10_000); // never answers
                } catch (Exception ignored) {
                    // the test closes the server
                }
            });
            GitSourceSettings settings = new GitSourceSettings("git://127.0.0.1:" + server.getLocalPort() + "/fleet.git", "main", Optional.empty(),
                    "", Duration.ofSeconds(30), Duration.ofSeconds(3), new Credentials.None(), false, SignaturePolicy.OFF, dir.resolve("cache"));
            try (GitSource source = new GitSource(settings, VersionCatalog.builtIn(), Clock.systemUTC());
                 ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                CompletableFuture<PollOutcome> poll = CompletableFuture.supplyAsync(source::poll, threads);
                assertThat(connected.await(10, TimeUnit.SECONDS)).as("the poll reached the server").isTrue();
                assertThat(poll).isNotDone();
                SourceStatus status = CompletableFuture.supplyAsync(source::status, threads).get(1, TimeUnit.SECONDS);
                assertThat(status.desired()).isEmpty();
                assertThat(CompletableFuture.supplyAsync(source::desired, threads).get(1, TimeUnit.SECONDS)).isEmpty();
                assertThat(poll.get(30, TimeUnit.SECONDS)).isInstanceOf(PollOutcome.Unreachable.class);
                assertThat(source.status().consecutiveFailures()).isEqualTo(1);
            }
            acceptor.interrupt();
        }
    }
}
