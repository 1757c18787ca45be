package io.milvusgitops.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.testing.Statuses;
import io.milvusgitops.daemon.webhook.WebhookHandler;
import io.milvusgitops.daemon.webhook.WebhookSecrets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DaemonHttpServerTest {

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesMetricsHealthReadinessStatusAndTheWebhook() throws Exception {
        PrometheusMetrics metrics = new PrometheusMetrics();
        TargetStates states = new TargetStates();
        states.listen(metrics);
        states.report(Statuses.of("dev", "search-dev", "2.6.15", "2.6.1", "Healthy", true, false, "allow", List.of()));
        AtomicBoolean ready = new AtomicBoolean(false);
        try (DaemonHttpServer server = new DaemonHttpServer(new InetSocketAddress("127.0.0.1", 0), metrics::scrape, ready::get,
                () -> Map.of("environments", List.of(Map.of("name", "dev"))),
                new WebhookHandler(WebhookSecrets.NONE, "main", () -> { }, 1024), WebhookHandler.PATH)) {
            int port = server.port();
            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(port, "/readyz").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
            HttpResponse<String> m = get(port, "/metrics");
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(m.body()).contains("milvus_gitops_upgrade_in_progress{environment=\"dev\",target=\"search-dev\"} 1.0");
            assertThat(get(port, "/api/v1/status").body()).contains("\"name\" : \"dev\"");
            assertThat(get(port, WebhookHandler.PATH).statusCode()).as("the webhook takes POST only").isEqualTo(405);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    static DaemonHttpServer server(ServerLimits limits) throws Exception {
        return new DaemonHttpServer(new InetSocketAddress("127.0.0.1", 0), () -> "metrics\n", () -> true, Map::of,
                new WebhookHandler(WebhookSecrets.NONE, "main", () -> { }, 1024), WebhookHandler.PATH, limits);
    }

    /** Milliseconds a GET of /healthz takes, on a fresh connection. */
    long healthz(int port) throws Exception {
        return healthz(port, Duration.ofSeconds(5));
    }

    long healthz(int port, Duration timeout) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(timeout).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** A client that sends one byte of a request head a second, as slowloris does. */
    static Thread slowHead(int port, List<Socket> sockets, Duration forHowLong) {
        return Thread.ofVirtual().start(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                synchronized (sockets) {
                    sockets.add(s);
                }
                OutputStream out = s.getOutputStream();
                byte[] head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
                long end = System.nanoTime() + forHowLong.toNanos();
                for (int i = 0; i < head.length && System.nanoTime() < end; i++) {
                    out.write(head[i]);
                    out.flush();
                    Thread.sleep(1000);
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server: what the header deadline does
            }
        });
    }

    @Test
    void slowClientsDoNotStopHealthz() throws Exception {
        try (DaemonHttpServer server = server(ServerLimits.DEFAULT)) {
            List<Socket> sockets = new ArrayList<>();
            List<Thread> slow = new ArrayList<>();
            for (int i = 0; i < 16; i++) slow.add(slowHead(server.port(), sockets, Duration.ofSeconds(6)));
            Thread.sleep(1500);
            for (int i = 0; i < 5; i++) {
                assertThat(healthz(server.port())).as("/healthz with 16 slow clients connected").isLessThan(1000);
                Thread.sleep(500);
            }
            for (Thread t : slow) t.join(10_000);
        }
    }

    @Test
    void aClientThatDoesNotFinishItsHeadInTimeIsClosed() throws Exception {
        ServerLimits quick = new ServerLimits(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(2), 64, 4, 8192);
        try (DaemonHttpServer server = server(quick); Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            long start = System.nanoTime();
            int read = -2;
            // One byte every 300 ms: the idle timeout (30 s) never fires, the head deadline (2 s) does.
            for (int i = 0; i < 40; i++) {
                try {
                    out.write('a');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(300);
                if (s.getInputStream().available() > 0 || i > 30) break;
            }
            try {
                read = s.getInputStream().read();
            } catch (IOException reset) {
                read = -1;
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(read).as("closed").isEqualTo(-1);
            assertThat(ms).isBetween(1500L, 6000L);
        }
    }

    @Test
    void aSlowWebhookBodyIsCutOffAndAFloodOfThemLeavesHealthzAlone() throws Exception {
        ServerLimits quick = new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(2), 64, 2, 8192);
        try (DaemonHttpServer server = server(quick)) {
            List<Socket> sockets = new ArrayList<>();
            List<Thread> posts = new ArrayList<>();
            List<String> answers = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 12; i++) {
                posts.add(Thread.ofVirtual().start(() -> {
                    try (Socket s = new Socket("127.0.0.1", server.port())) {
                        s.setSoTimeout(15_000);
                        OutputStream out = s.getOutputStream();
                        out.write(("POST " + WebhookHandler.PATH + " HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        try {
                            for (int b = 0; b < 8; b++) {
                                out.write('{');
                                out.flush();
                                Thread.sleep(500);
                            }
                        } catch (IOException closedWhileWriting) {
                            // the server answered and closed: read what it said
                        }
                        answers.add(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
                    } catch (IOException | InterruptedException e) {
                        answers.add("closed");
                    }
                }));
            }
            Thread.sleep(500);
            for (int i = 0; i < 4; i++) {
                assertThat(healthz(server.port())).as("/healthz while 12 webhook bodies crawl in").isLessThan(1000);
                Thread.sleep(300);
            }
            for (Thread t : posts) t.join(20_000);
            assertThat(answers).hasSize(12).allSatisfy(a -> assertThat(a).matches("HTTP/1.1 (408|503).*|closed"));
            assertThat(answers).anySatisfy(a -> assertThat(a).startsWith("HTTP/1.1 408"));
        }
    }

    @Test
    void manyIdleConnectionsAreLimitedAndHealthzStillAnswers() throws Exception {
        ServerLimits few = new ServerLimits(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(2), 8, 2, 8192);
        try (DaemonHttpServer server = server(few)) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 24; i++) idle.add(new Socket("127.0.0.1", server.port()));
                // Over the limit Jetty stops accepting and shortens the idle timeout of the open connections (1 s): the idle
                // clients are pushed out, a few at a time, and the probe gets its turn.
                assertThat(healthz(server.port(), Duration.ofSeconds(30))).as("/healthz behind 24 idle connections").isLessThan(20_000);
                int closedByServer = 0;
                for (Socket s : idle.subList(0, 8)) {
                    s.setSoTimeout(100);
                    try {
                        if (s.getInputStream().read() == -1) closedByServer++;
                    } catch (IOException timeoutOrReset) {
                        // still open (a timeout) or reset: only a clean close counts
                    }
                }
                assertThat(closedByServer).as("idle connections closed by the server").isPositive();
            } finally {
                for (Socket s : idle) s.close();
            }
        }
    }

    @Test
    void anOverflowingContentLengthIsABadRequestWithoutJava() throws Exception {
        try (DaemonHttpServer server = server(ServerLimits.DEFAULT); Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST " + WebhookHandler.PATH + " HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("Exception").doesNotContain("java.");
        }
    }

    @Test
    void everyBodyIsRedacted() throws Exception {
        try (DaemonHttpServer server = new DaemonHttpServer(new InetSocketAddress("127.0.0.1", 0), () -> "# https://bot:hunter2@git/x\n", () -> true,
                () -> Map.of("url", "https://bot:pa@ss@git.example.com/x.git?private_token=glpat-1"),
                new WebhookHandler(WebhookSecrets.NONE, "main", () -> { }, 1024), WebhookHandler.PATH)) {
            server.pages((path, query) -> Optional.of(Pages.Page.html("<a href=\"https://hooks.slack.com/services/T/B/SLACKSECRET\">x</a>", "default-src 'none'")));
            assertThat(get(server.port(), "/metrics").body()).doesNotContain("hunter2");
            assertThat(get(server.port(), "/api/v1/status").body()).doesNotContain("pa@ss").doesNotContain("ss@git").doesNotContain("glpat-1");
            assertThat(get(server.port(), "/").body()).doesNotContain("SLACKSECRET");
        }
    }

    /** A page goes out with the policy it names, and no reply may be sniffed into another type. */
    @Test
    void pagesCarryTheirSecurityPolicy() throws Exception {
        try (DaemonHttpServer server = new DaemonHttpServer(new InetSocketAddress("127.0.0.1", 0), () -> "", () -> true, Map::of,
                new WebhookHandler(WebhookSecrets.NONE, "main", () -> { }, 1024), WebhookHandler.PATH)) {
            server.pages((path, query) -> Optional.of(Pages.Page.html("<p>hi</p>", "default-src 'none'; script-src 'sha256-x'")));
            HttpResponse<String> page = get(server.port(), "/");
            assertThat(page.headers().firstValue("content-security-policy")).contains("default-src 'none'; script-src 'sha256-x'");
            assertThat(page.headers().firstValue("x-content-type-options")).contains("nosniff");
            assertThat(get(server.port(), "/metrics").headers().firstValue("x-content-type-options")).contains("nosniff");
        }
    }
}
