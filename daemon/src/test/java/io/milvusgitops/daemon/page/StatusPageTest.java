package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.PageScenario.STAGING;
import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.http.DaemonHttpServer;
import io.milvusgitops.daemon.http.Pages;
import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.testing.Chromium;
import io.milvusgitops.daemon.webhook.WebhookHandler;
import io.milvusgitops.daemon.webhook.WebhookSecrets;
import io.milvusgitops.policy.time.HumanTime;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status pages as a browser shows them: a fleet whose status is made as the daemon makes it
 * ({@link PageScenario}), served by the daemon's HTTP server, loaded by headless Chromium. Screenshots at
 * a desktop and a phone width are kept in {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageTest {

    static final String BERLIN = "Europe/Berlin";

    PageScenario scenario;
    final AtomicReference<StatusReport> shown = new AtomicReference<>();
    DaemonHttpServer server;
    Chromium chromium;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        scenario = new PageScenario(tmp);
        scenario.upgradeStaging(2);
        shown.set(scenario.report(false));
        server = serve(new StatusPages(shown::get));
        chromium = new Chromium(Files.createDirectories(tmp.resolve("chromium")));
    }

    @AfterAll
    void stop() {
        server.close();
        scenario.close();
    }

    /** The daemon's server, with the pages under /. */
    static DaemonHttpServer serve(Pages pages) throws Exception {
        DaemonHttpServer server = new DaemonHttpServer(new InetSocketAddress("127.0.0.1", 0), new PrometheusMetrics()::scrape, () -> true,
                Map::of, new WebhookHandler(WebhookSecrets.NONE, "main", () -> { }, 1024), WebhookHandler.PATH);
        server.pages(pages);
        return server;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void thePipelineShowsTheEnvironmentsInPromotionOrderWithTheCommitThatSetEach() throws Exception {
        String dom = chromium.dom(url("/"), "UTC");
        assertThat(dom).contains("<title>milvus-gitops</title>");
        assertThat(order(dom, "id=\"stage-dev\"", "id=\"stage-staging\"", "id=\"stage-prod\"")).as("stages in promotion order").isTrue();
        assertThat(order(dom, "id=\"env-dev\"", "id=\"env-staging\"", "id=\"env-prod\"")).as("target sections in promotion order").isTrue();
        assertThat(dom.indexOf("id=\"stage-dev\"")).as("two arrows between three stages").isLessThan(dom.indexOf("class=\"arrow\""));
        assertThat(count(dom, "class=\"arrow\"")).isEqualTo(2);
        Instant at = shown.get().at();
        String prod = section(dom, "id=\"stage-prod\"");
        assertThat(prod).contains("2.5.16").contains("prod: Milvus 2.5.16, and the Paris edge site").contains("Carol")
                .contains("(" + HumanTime.relative(PageScenario.NOW.minus(Duration.ofHours(6)), at) + ")");
        String staging = section(dom, "id=\"stage-staging\"");
        assertThat(staging).contains("2.6.15").contains("staging: Milvus 2.6.15, promoted from dev")
                .contains("(" + HumanTime.relative(PageScenario.NOW.minus(Duration.ofMinutes(40)), at) + ")");
        String sha = scenario.source.desired().orElseThrow().environmentChanges().get("prod").commit();
        assertThat(prod).as("the short id shown, the whole one in the tooltip").contains(">" + sha.substring(0, 8) + "</code>")
                .contains("title=\"" + sha + "\"");
    }

    @Test
    void aRunningPlanShowsHopStepBarTimeSpentAndWhatIsLeftAsTheUpgradeGoesOn(@TempDir Path tmp) throws Exception {
        try (PageScenario own = new PageScenario(tmp)) {
            own.upgradeStaging(2);
            AtomicReference<StatusReport> report = new AtomicReference<>(own.report(false));
            DaemonHttpServer s = serve(new StatusPages(report::get));
            try {
                progressMovesOn(own, report, "http://127.0.0.1:" + s.port() + "/");
            } finally {
                s.close();
            }
        }
    }

    private void progressMovesOn(PageScenario own, AtomicReference<StatusReport> shown, String page) throws Exception {
        String card = section(chromium.dom(page, "UTC"), "id=\"progress-staging/search-staging\"");
        Map<String, String> at = data(card);
        // 2.4.5 -> 2.6.15: rolling, enable-mixcoord, then the topology change, where staging stands.
        assertThat(at).containsEntry("data-hop", "3").containsEntry("data-hops", "3").containsEntry("data-step", "3");
        StatusReport.PlanStatus plan = shown.get().plan(STAGING).orElseThrow();
        assertThat(plan.path().get(2).steps()).as("the last hop has room to move on").hasSizeGreaterThan(4);
        int firstHops = plan.path().get(0).steps().size() + plan.path().get(1).steps().size();
        assertThat(at).containsEntry("data-steps", String.valueOf(plan.path().get(2).steps().size()))
                .containsEntry("data-done", String.valueOf(firstHops + 2)).containsEntry("data-total", String.valueOf(plan.stepsTotal()));
        assertThat(card).contains("Hop <b>3</b> of <b>3</b>: topology-change 2.5.16 → 2.6.15").contains("Step <b>3</b> of")
                .contains(plan.stepName().orElseThrow()).contains("(for 40 s)").containsPattern("running for \\d+ min")
                .as("every step type ran on dev yesterday: a whole estimate").containsPattern("about (\\d+ min|\\d+ s) left");

        // Two steps later the numbers have moved on, and less is left.
        String before = plan.left().orElseThrow().describe();
        own.upgradeStaging(4);
        shown.set(own.report(false));
        String later = section(chromium.dom(page, "UTC"), "id=\"progress-staging/search-staging\"");
        assertThat(data(later)).containsEntry("data-hop", "3").containsEntry("data-step", "5").containsEntry("data-done", String.valueOf(firstHops + 4));
        assertThat(shown.get().plan(STAGING).orElseThrow().left().orElseThrow().left())
                .as("%s, then %s", before, shown.get().plan(STAGING).orElseThrow().left().orElseThrow().describe())
                .isLessThan(plan.left().orElseThrow().left());
    }

    @Test
    void aHeldTargetShowsEveryObjectionWithItsRemedyAndUntilInTheReadersTimeAndFromNow() throws Exception {
        String dom = chromium.dom(url("/"), BERLIN);
        String card = section(dom, "id=\"target-prod/edge-berlin\"");
        assertThat(card).contains("data-rule=\"maintenance-window\"").contains("data-rule=\"approval\"").contains("data-rule=\"promotion-gate\"")
                .contains("to proceed: the hop may start when the window opens at 2026-11-28 01:00 UTC");
        // The window opens Saturday 02:00 in Berlin: 01:00 UTC, shown in the reader's time zone with how long from now.
        Instant opens = Instant.parse("2026-11-28T01:00:00Z");
        assertThat(card).contains("until <time datetime=\"2026-11-28T01:00:00Z\" data-local=\"\" title=\"2026-11-28 01:00 UTC\">2026-11-28 02:00 GMT+1</time>"
                + " <span class=\"rel\">(" + HumanTime.relative(opens, shown.get().at()) + ")</span>");
        assertThat(HumanTime.relative(opens, shown.get().at())).startsWith("in 3 d ");
        String utc = section(chromium.dom(url("/"), "UTC"), "id=\"target-prod/edge-berlin\"");
        assertThat(utc).contains(">2026-11-28 01:00 UTC</time>");
        assertThat(section(dom, "id=\"target-prod/search-prod\"")).as("the failed plan says why and what to do").contains("data-halted=\"true\"")
                .contains("What to do:").contains("rolled back to 2.5.12")
                .containsPattern("It failed at:</b> wait until [a-z, ]+ (is|are) healthy: querynode is not ready after 10 min");
    }

    @Test
    void aTargetWhoseLiveStateIsUnknownIsNeitherSyncedNorDrift() throws Exception {
        String dom = chromium.dom(url("/"), "UTC");
        String unknown = section(dom, "id=\"target-staging/recsys-staging\"");
        assertThat(unknown).startsWith("<article class=\"card unknown\"").contains("data-sync=\"Unknown\"").contains("Live state unknown")
                .contains(PageScenario.UNREACHABLE);
        assertThat(section(dom, "id=\"target-prod/edge-paris\"")).as("missing is drift").contains("data-sync=\"OutOfSync\"").contains(">Missing<");
        assertThat(section(dom, "id=\"target-dev/search-dev\"")).contains("data-sync=\"Synced\"");
    }

    @Test
    void theTargetPageShowsTheWholePinnedPlanStepByStep() throws Exception {
        String dom = chromium.dom(url("/targets/staging/search-staging"), "UTC");
        StatusReport.PlanStatus plan = shown.get().plan(STAGING).orElseThrow();
        String path = section(dom, "id=\"path\"");
        List<String> hops = states(path, "<li class=\"hop\" data-state=\"([a-z-]+)\"");
        assertThat(hops).containsExactly("done", "done", "running");
        List<String> steps = states(path, "<li class=\"([a-z]+)\" data-state=\"[a-z]+\" title=");
        int first = plan.path().get(0).steps().size() + plan.path().get(1).steps().size();
        assertThat(steps.subList(0, first)).containsOnly("done");
        assertThat(steps.get(first + plan.step() - 1)).isEqualTo("running");
        assertThat(steps.subList(first, first + plan.step() - 1)).containsOnly("done");
        assertThat(steps.subList(first + plan.step(), first + plan.path().get(2).steps().size())).containsOnly("pending");
        assertThat(path).contains("(took 50 s)").contains("(took 5 s)");
        assertThat(section(dom, "id=\"plan\"")).contains("running").contains(plan.plan());
        assertThat(states(section(dom, "id=\"history\""), "<tr data-target=\"([^\"]+)\"")).containsOnly("staging/search-staging");

        String halted = chromium.dom(url("/targets/prod/search-prod"), "UTC");
        assertThat(states(section(halted, "id=\"path\""), "<li class=\"hop\" data-state=\"([a-z-]+)\"")).containsExactly("rolled-back");
        assertThat(section(halted, "id=\"path\"")).contains("<details id=\"rollback-1\" open=\"\">");
        assertThat(chromium.dom(url("/targets/prod/nope"), "UTC")).contains("id=\"not-found\"");
    }

    @Test
    void historyIsNewestFirstFilteredByItsQueryAndDrawn() throws Exception {
        String all = chromium.dom(url("/history"), "UTC");
        List<String> times = states(section(all, "id=\"history\""), "<time datetime=\"([^\"]+)\"");
        assertThat(times).hasSizeGreaterThan(20);
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(states(section(all, "id=\"history\""), "<tr data-target=\"([^\"]+)\"")).contains("dev/search-dev", "prod/search-prod",
                "staging/search-staging");
        assertThat(section(all, "id=\"history\"")).contains("data-event=\"rolled-back\"").contains("data-event=\"completed\"")
                .containsPattern("\\(\\d+ (min|h) ago\\)");

        String staging = chromium.dom(url("/history?environment=staging"), "UTC");
        assertThat(states(section(staging, "id=\"history\""), "<tr data-target=\"([^\"]+)\"")).isNotEmpty().containsOnly("staging/search-staging");
        assertThat(staging).contains("<option value=\"staging\" selected=\"\">");
        String dev = chromium.dom(url("/history?target=dev%2Fsearch-dev"), "UTC");
        assertThat(states(section(dev, "id=\"history\""), "<tr data-target=\"([^\"]+)\"")).isNotEmpty().containsOnly("dev/search-dev");

        String chart = section(all, "id=\"versions\"");
        assertThat(chart).contains("<svg").contains("data-target=\"dev/search-dev\"").contains("data-target=\"staging/search-staging\"");
        assertThat(y(chart, "2.6.15")).as("the newest version on top").isLessThan(y(chart, "2.5.17"));
        assertThat(y(chart, "2.5.17")).isLessThan(y(chart, "2.5.16"));
        assertThat(y(chart, "2.5.16")).isLessThan(y(chart, "2.5.12"));
        assertThat(y(chart, "2.5.12")).isLessThan(y(chart, "2.4.5"));
        assertThat(chart).contains("dev/search-dev: completed, runs 2.6.15").contains("prod/search-prod: rolled-back, runs 2.5.12");
    }

    @Test
    void hostileNamesAreTextNeverMarkup() throws Exception {
        StatusReport hostile = HostileReport.of(shown.get());
        try (DaemonHttpServer s = serve(new StatusPages(() -> hostile))) {
            String base = "http://127.0.0.1:" + s.port();
            for (String path : List.of("/", "/history", "/targets/prod/" + HostileReport.NAME_IN_URL)) {
                String dom = chromium.dom(base + path, "UTC");
                assertThat(dom).as(path).doesNotContain("<script>alert(").doesNotContain("<img src=x").doesNotContain("onerror=\"")
                        .contains("&lt;script&gt;alert(");
            }
        }
    }

    @Test
    void theApiCarriesTheSameFactsAsThePage() {
        String json = Json.write(Json.tree(shown.get()));
        assertThat(json).contains("\"promotedFrom\" : \"dev\"").contains("\"subject\" : \"prod: Milvus 2.5.16, and the Paris edge site\"")
                .contains("\"state\" : \"running\"").contains("\"until\" : \"2026-11-28T01:00:00Z\"").contains("\"remedy\"")
                .contains("\"sync\" : \"Unknown\"").contains("\"phase\" : \"running\"").contains("\"phase\" : \"halted\"");
    }

    @Test
    void unknownPathsAre404AndPagesAreHtml() throws Exception {
        var http = HttpClient.newHttpClient();
        var missing = http.send(HttpRequest.newBuilder(URI.create(url("/nope"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        var target = http.send(HttpRequest.newBuilder(URI.create(url("/targets/prod/nope"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(target.statusCode()).isEqualTo(404);
        for (String path : List.of("/", "/history", "/targets/dev/search-dev")) {
            var page = http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).as("no external asset").doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("@import");
        }
    }

    /** Screenshots for people (the README's come from here): the scenario's status, its Git URL as a team's would read. */
    @Test
    void screenshotsAtDesktopAndPhoneWidths() throws Exception {
        StatusReport r = shown.get();
        StatusReport.Git git = r.git();
        StatusReport pretty = new StatusReport(r.at(), r.notice(), new StatusReport.Git("https://git.example.com/platform/milvus-fleet.git",
                git.follows(), git.commit(), git.desiredStateValid(), git.rejected(), git.lastError()), r.leader(), r.environments(), r.targets(),
                r.plans(), r.history());
        try (DaemonHttpServer s = serve(new StatusPages(() -> pretty))) {
            screenshots("http://127.0.0.1:" + s.port());
        }
    }

    private void screenshots(String base) throws Exception {
        List<Path> shots = new ArrayList<>();
        shots.add(chromium.screenshot(base + "/", "overview-desktop", 1360, 6000, BERLIN));
        shots.add(chromium.screenshot(base + "/", "overview-phone", 390, 9000, BERLIN));
        shots.add(chromium.screenshot(base + "/targets/staging/search-staging", "target-desktop", 1360, 6000, BERLIN));
        shots.add(chromium.screenshot(base + "/targets/staging/search-staging", "target-phone", 390, 9000, BERLIN));
        shots.add(chromium.screenshot(base + "/history", "history-desktop", 1360, 9000, BERLIN));
        shots.add(chromium.screenshot(base + "/history", "history-phone", 390, 16000, BERLIN));
        for (Path p : shots) {
            assertThat(Files.size(p)).as(p.toString()).isGreaterThan(20_000);
        }
    }

    static boolean order(String text, String... marks) {
        int at = -1;
        for (String m : marks) {
            int i = text.indexOf(m);
            if (i <= at) return false;
            at = i;
        }
        return true;
    }

    /** Where the chart draws a version's label, from the top. */
    static double y(String chart, String version) {
        Matcher m = Pattern.compile("<text x=\"[\\d.]+\" y=\"([\\d.]+)\"[^>]*>" + Pattern.quote(version) + "</text>").matcher(chart);
        assertThat(m.find()).as("a row for %s", version).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static int count(String text, String mark) {
        return text.split(Pattern.quote(mark), -1).length - 1;
    }

    /** The element that carries {@code mark}, to its end (by counting its tag's nesting). */
    static String section(String dom, String mark) {
        int at = dom.indexOf(mark);
        assertThat(at).as("%s in the page", mark).isNotNegative();
        int start = dom.lastIndexOf('<', at);
        String tag = dom.substring(start + 1, dom.indexOf(' ', start)).replace(">", "");
        int depth = 0;
        Matcher m = Pattern.compile("<(/?)" + tag + "[\\s>]").matcher(dom);
        m.region(start, dom.length());
        while (m.find()) {
            depth += m.group(1).isEmpty() ? 1 : -1;
            if (depth == 0) return dom.substring(start, dom.indexOf('>', m.start()) + 1);
        }
        return dom.substring(start);
    }

    static Map<String, String> data(String element) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(data-[a-z]+)=\"([^\"]*)\"").matcher(element.substring(0, element.indexOf('>')));
        while (m.find()) out.put(m.group(1), m.group(2));
        return out;
    }

    static List<String> states(String html, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(html);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
