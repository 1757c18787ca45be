package io.milvusgitops.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.metrics.DaemonMetrics.TargetState;
import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.testing.Tools;
import io.milvusgitops.daemon.webhook.WebhookHandler;
import io.milvusgitops.daemon.webhook.WebhookSecrets;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page as a browser sees it: served by the daemon's HTTP server, loaded by headless Chromium. */
class StatusPageTest {

    @TempDir
    Path profile;

    static final StatusPage.View VIEW = new StatusPage.View(Optional.empty(), "https://git.example.com/team/fleet.git", "branch main",
            "0123456789abcdef0123456789abcdef01234567", false, Optional.of("environments/prod.yaml:4:15: milvusVersion: unknown version 2.6.99"),
            true, "replica-a", List.of("dev", "staging", "prod"),
            List.of(new TargetState("dev", "search-dev", "2.6.15", "2.6.15", false, "Healthy", false, false, "in-sync", List.of()),
                    new TargetState("staging", "search-staging", "2.6.15", "2.5.16", true, "Degraded", false, true, "allow", List.of()),
                    new TargetState("prod", "<script>alert(1)</script>", "2.6.15", "2.5.16", true, "Healthy", false, false, "wait",
                            List.of("maintenance-window"))),
            Map.of("prod/<script>alert(1)</script>", "held back: maintenance-window: opens Sat 02:00 Europe/Berlin",
                    "staging/search-staging", "halted: not_ready at 'wait until every component is ready'"),
            List.of("{\"event\":\"rolled-back\",\"target\":\"staging/search-staging\"}"), Instant.parse("2026-11-23T17:00:00Z"));

    @Test
    void chromiumRendersEnvironmentsSideBySideWithWhyEachTargetWaits() throws Exception {
        String chromium = Tools.require("chromium", "chromium");
        try (DaemonHttpServer server = new DaemonHttpServer(new InetSocketAddress("127.0.0.1", 0), new PrometheusMetrics()::scrape, () -> true,
                Map::of, new WebhookHandler(WebhookSecrets.NONE, "main", () -> { }, 1024), WebhookHandler.PATH)) {
            server.statusPage(() -> StatusPage.render(VIEW));
            String dom = Tools.run(profile, Map.of(), chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.resolve("p"),
                    "--dump-dom", "http://127.0.0.1:" + server.port() + "/");
            assertThat(dom).contains("<title>milvus-gitops</title>");
            assertThat(dom.indexOf("id=\"env-dev\"")).isPositive().isLessThan(dom.indexOf("id=\"env-staging\""));
            assertThat(dom.indexOf("id=\"env-staging\"")).isLessThan(dom.indexOf("id=\"env-prod\""));
            assertThat(dom).contains("id=\"rejected\"").contains("unknown version 2.6.99");
            assertThat(dom).contains("0123456789ab").doesNotContain("0123456789abcdef0123");
            assertThat(dom).contains("halted: not_ready").contains("class=\"badge halted\"");
            assertThat(dom).contains("held back by maintenance-window").contains("opens Sat 02:00 Europe/Berlin");
            assertThat(dom).as("a target name is text, never markup").doesNotContain("<script>alert(1)</script>")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
            assertThat(dom).contains("rolled-back");
        }
    }

    @Test
    void unknownPathsAre404AndThePageIsGetOnly() throws Exception {
        try (DaemonHttpServer server = new DaemonHttpServer(new InetSocketAddress("127.0.0.1", 0), new PrometheusMetrics()::scrape, () -> true,
                Map::of, new WebhookHandler(WebhookSecrets.NONE, "main", () -> { }, 1024), WebhookHandler.PATH)) {
            server.statusPage(() -> StatusPage.render(VIEW));
            var http = java.net.http.HttpClient.newHttpClient();
            var missing = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/nope")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        }
    }
}
