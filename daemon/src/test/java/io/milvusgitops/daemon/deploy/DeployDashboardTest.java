package io.milvusgitops.daemon.deploy;

import static io.milvusgitops.daemon.deploy.DeployFiles.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.git.SourceStatus;
import io.milvusgitops.daemon.metrics.PrometheusMetrics;
import io.milvusgitops.daemon.status.TargetStates;
import io.milvusgitops.daemon.testing.Statuses;
import io.milvusgitops.daemon.testing.Tools;
import io.milvusgitops.policy.fleet.TargetKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard (deploy/grafana) against what the daemon really exports: every metric its
 * queries name is in a scrape of the daemon's registry, so renaming a metric breaks this test
 * rather than a panel; every query is PromQL that Prometheus parses; and that scrape passes
 * {@code promtool check metrics}.
 */
class DeployDashboardTest {

    static final Path DASHBOARD = DEPLOY.resolve("grafana/milvus-gitops-dashboard.json");
    /** Identifiers not followed by "(" (functions); what stays after matchers, ranges and label lists are cut out. */
    static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");
    static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

    @TempDir
    Path tmp;

    @Test
    void theDashboardIsValidJsonWithUniquePanelIds() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<JsonNode> panels = panels(dashboard);
        List<Integer> ids = panels.stream().map(p -> p.path("id").asInt(-1)).toList();
        assertThat(ids).doesNotContain(-1).doesNotHaveDuplicates();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) continue;
            assertThat(panel.path("targets")).as("panel %s queries something", panel.path("title")).isNotEmpty();
            assertThat(panel.path("datasource").path("uid").asText()).as("panel %s uses the chosen data source", panel.path("title"))
                    .isEqualTo("${datasource}");
            assertThat(panel.path("gridPos").path("x").asInt() + panel.path("gridPos").path("w").asInt()).isLessThanOrEqualTo(24);
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsInARealScrapeOfTheDaemon() throws Exception {
        Set<String> scraped = sampleNames(recordedScrape());
        Map<String, String> queries = queries(new ObjectMapper().readTree(DASHBOARD.toFile()));
        Set<String> used = new TreeSet<>();
        for (var q : queries.entrySet()) {
            Set<String> names = metricNames(q.getValue());
            assertThat(names).as("%s queries no metric: %s", q.getKey(), q.getValue()).isNotEmpty();
            used.addAll(names);
        }
        assertThat(scraped).as("metrics the dashboard queries").containsAll(used);
        assertThat(used).as("the dashboard shows drift, upgrades, steps, policy, Git, passes, the leader and the JVM")
                .contains("milvus_gitops_target_status", "milvus_gitops_target_drift", "milvus_gitops_target_unobservable", "milvus_gitops_upgrade_halted",
                        "milvus_gitops_step_failures_total", "milvus_gitops_policy_blocks_total", "milvus_gitops_git_last_sync_timestamp_seconds",
                        "milvus_gitops_desired_state_valid", "milvus_gitops_reconcile_seconds_bucket", "milvus_gitops_leader", "jvm_memory_used_bytes");
    }

    @Test
    void everyDashboardQueryIsPromQlThatPrometheusParses() throws Exception {
        // Grafana's variables are not PromQL: give them values Prometheus would get at query time.
        List<Map<String, String>> rules = new ArrayList<>();
        Map<String, String> queries = queries(new ObjectMapper().readTree(DASHBOARD.toFile()));
        queries.forEach((where, expr) -> {
            if (where.startsWith("variable")) return; // label_values(..) is Grafana's, not PromQL
            String promql = expr.replaceAll("\\$__\\w+", "5m").replaceAll("\\$\\w+", ".*");
            rules.add(Map.of("record", "dashboard:query_" + rules.size(), "expr", promql));
        });
        Path file = tmp.resolve("dashboard-queries.rules.yaml");
        // JSON is YAML: a rule file promtool reads.
        new ObjectMapper().writeValue(file.toFile(), Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules))));
        String out = Tools.run(tmp, Map.of(), Tools.require("promtool", "prometheus"), "check", "rules", file.toString());
        assertThat(out).contains("SUCCESS: " + rules.size() + " rules found");
    }

    @Test
    void theDaemonsScrapePassesPromtoolCheckMetrics() throws Exception {
        Path scrape = tmp.resolve("scrape.txt");
        Files.writeString(scrape, recordedScrape());
        // Exit 0 and no output: any naming or HELP problem fails with promtool's words.
        String out = Tools.run(tmp, Map.of(), "/bin/sh", "-c", Tools.require("promtool", "prometheus") + " check metrics < scrape.txt 2>&1");
        assertThat(out).isEmpty();
    }

    /** The daemon's registry after a drift, an upgrade, a halt, a policy block, steps done and failed, a Git sync and a pass. */
    static String recordedScrape() {
        PrometheusMetrics m = new PrometheusMetrics();
        m.leader(true);
        TargetStates states = new TargetStates();
        states.listen(m);
        states.report(Statuses.of("prod", "search-prod", "2.6.15", "2.5.16", "Progressing", true, false, "allow", List.of()));
        states.report(Statuses.of("staging", "search-stg", "2.6.15", "2.5.16", "Degraded", false, true, "wait", List.of("maintenance-window")));
        TargetKey prod = new TargetKey("prod", "search-prod");
        m.stepFinished(prod, "backup-metadata", Duration.ofSeconds(3), true);
        m.stepFinished(prod, "update-component", Duration.ofSeconds(42), false);
        m.stepFailed(prod, FailureReason.NOT_READY);
        m.gitSource(new SourceStatus("https://git.example.com/fleet.git", "branch main", Optional.empty(), Optional.empty(), Optional.of("abc"),
                Optional.of(Instant.parse("2026-11-24T10:00:00Z")), Optional.empty(), Optional.empty(), 0, 1, 0));
        m.reconcile(Duration.ofMillis(15));
        return m.scrape();
    }

    /** Sample names of a Prometheus text scrape: what a query can select. */
    static Set<String> sampleNames(String scrape) {
        return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The metric names of a PromQL expression (or of a Grafana label_values(..) query). */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("label_values\\((.*),\\s*\\w+\\)", "$1")
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group())) names.add(m.group());
        }
        return names;
    }

    /** Every query of the dashboard, keyed by where it is: panel targets and query variables. */
    static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel " + panel.path("id").asInt() + " '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.put("variable " + variable.path("name").asText(), variable.path("query").path("query").asText());
            }
        }
        return queries;
    }

    /** Top-level panels and those inside collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }
}
