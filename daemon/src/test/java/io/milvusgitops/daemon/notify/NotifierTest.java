package io.milvusgitops.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.milvusgitops.daemon.audit.AuditEvent;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.git.Secret;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.target.Named;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notifications reach a real HTTP receiver: the audit line as signed JSON, and a Slack-compatible text. */
class NotifierTest {

    record Received(String path, String signature, String body) {
    }

    HttpServer receiver;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext("/", ex -> {
            try (ex) {
                received.add(new Received(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("X-Signature"),
                        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/broken") ? 500 : 204, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    static AuditLog.Entry entry(String event) {
        return new AuditLog.Entry(Instant.parse("2026-11-23T17:00:00Z"), Named.byId(AuditEvent.class, event).orElseThrow(),
                new TargetKey("prod", "search-prod"), "0123456789abcdef", "a1b2c3d4", "runs 2.6.15",
                "{\"event\":\"" + event + "\",\"target\":\"prod/search-prod\"}");
    }

    @Test
    void startSuccessAndFailureGoToBothSinksSignedAndStepsDoNot() throws Exception {
        Secret key = Secret.of("hmac-key", "test");
        try (Notifier n = new Notifier(new Notifier.Sinks(Optional.of(Secret.of(url("/hook"), "test")), Optional.of(key),
                Optional.of(Secret.of(url("/slack"), "test"))))) {
            n.accept(entry("step-done"));
            n.accept(entry("completed"));
            Received first = received.poll(5, TimeUnit.SECONDS);
            Received second = received.poll(5, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.path()).isEqualTo("/hook");
            assertThat(first.body()).isEqualTo("{\"event\":\"completed\",\"target\":\"prod/search-prod\"}");
            assertThat(first.signature()).isEqualTo("sha256=" + Notifier.hmac(key, first.body()));
            assertThat(second.path()).isEqualTo("/slack");
            assertThat(second.body()).contains("\"text\"").contains("prod/search-prod upgraded").contains("commit 01234567")
                    .contains("plan a1b2c3d4").contains("runs 2.6.15");
            assertThat(second.signature()).isNull();
            assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("a single step done is not worth a message").isNull();
        }
    }

    @Test
    void aDeadOrFailingReceiverNeverThrowsIntoTheExecutor() throws Exception {
        try (Notifier n = new Notifier(new Notifier.Sinks(Optional.of(Secret.of("http://127.0.0.1:1/nothing-listens", "test")),
                Optional.empty(), Optional.of(Secret.of(url("/broken"), "test"))))) {
            n.accept(entry("rolled-back"));
            Received r = received.poll(5, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.body()).contains("rolled back");
        }
    }
}
