package io.milvusgitops.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.testing.Statuses;
import io.milvusgitops.daemon.webhook.WebhookHandler;
import io.milvusgitops.daemon.webhook.WebhookSecrets;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
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
}
