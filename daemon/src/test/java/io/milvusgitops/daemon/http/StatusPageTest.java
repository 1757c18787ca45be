package io.milvusgitops.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.testing.Statuses;
import io.milvusgitops.daemon.testing.Tools;
import io.milvusgitops.daemon.webhook.WebhookHandler;
import io.milvusgitops.daemon.webhook.WebhookSecrets;
import io.milvusgitops.policy.fleet.TargetKey;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    static final StatusReport VIEW = new StatusReport(Instant.parse("2026-11-23T17:00:00Z"), Optional.empty(),
            new StatusReport.Git("https://git.example.com/team/fleet.git", "branch main", "0123456789abcdef0123456789abcdef01234567", false,
                    Optional.of("environments/prod.yaml:4:15: milvusVersion: unknown version 2.6.99"), Optional.empty()),
            new StatusReport.Leader("replica-a", true, "replica-a"), List.of("dev", "staging", "prod"),
            List.of(Statuses.of("dev", "search-dev", "2.6.15", "2.6.15", "Healthy", false, false, "in-sync", List.of(), "in sync"),
                    Statuses.of("staging", "search-staging", "2.6.15", "2.5.16", "Degraded", false, true, "allow", List.of(),
                            "halted: not_ready at 'wait until every component is ready'"),
                    Statuses.of("prod", "<script>alert(1)</script>", "2.6.15", "2.5.16", "Healthy", false, false, "wait",
                            List.of("maintenance-window"), "held back: maintenance-window: opens Sat 02:00 Europe/Berlin")),
            List.of(), List.of(new StatusReport.HistoryItem(Instant.parse("2026-11-23T16:00:00Z"), "rolled-back",
                    new TargetKey("staging", "search-staging"), "c1", "p1", "rolled back to 2.5.16")));

    @Test
    void chromiumRendersEnvironmentsSideBySideWithWhyEachTargetWaits() throws Exception {
        String chromium = Tools.require("chromium", "chromium");
        try (DaemonHttpServer server = new DaemonHttpServer(new InetSocketAddress("127.0.0.1", 0), new PrometheusMetrics()::scrape, () -> true,
                Map::of, new WebhookHandler(WebhookSecrets.NONE, "main", () -> { }, 1024), WebhookHandler.PATH)) {
            server.pages((path, query) -> path.equals("/") ? Optional.of(Pages.Page.html(StatusPage.render(VIEW))) : Optional.empty());
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
            server.pages((path, query) -> path.equals("/") ? Optional.of(Pages.Page.html(StatusPage.render(VIEW))) : Optional.empty());
            var http = HttpClient.newHttpClient();
            var missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            var page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        }
    }
}
