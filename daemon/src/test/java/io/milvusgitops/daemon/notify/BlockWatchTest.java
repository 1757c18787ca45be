package io.milvusgitops.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.git.Secret;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.daemon.testing.MutableClock;
import io.milvusgitops.daemon.testing.Statuses;
import io.milvusgitops.policy.time.HumanTime;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long policy blocks, end to end but for the reconciler: target states go into the watch, the audit log
 * writes its line, and the notifier posts it to a real local HTTP receiver (webhook JSON and Slack text).
 * The clock is moved, never slept on; closing the notifier flushes its queue, so what the receiver holds
 * then is all that was sent.
 */
class BlockWatchTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    static final Duration AFTER = Duration.ofHours(24);
    /** Part of both receiver URLs: it must never show up in a message or the audit log. */
    static final String TOKEN = "s3cr3t-T0KEN";

    record Received(String path, String body) {
    }

    @TempDir
    Path tmp;
    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final MutableClock clock = new MutableClock(T0);
    Notifier notifier;
    AuditLog audit;
    BlockWatch watch;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext("/", ex -> {
            try (ex) {
                received.add(new Received(ex.getRequestURI().getPath(), new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                ex.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        notifier = new Notifier(new Notifier.Sinks(Optional.of(Secret.of(base + "/hook/" + TOKEN, "test")), Optional.empty(),
                Optional.of(Secret.of(base + "/slack/T0/B0/" + TOKEN, "test"))));
        audit = new AuditLog(tmp.resolve("audit.jsonl"), clock, notifier);
        watch = new BlockWatch(AFTER, clock, audit);
    }

    @AfterEach
    void stop() {
        notifier.close();
        receiver.stop(0);
    }

    static TargetStatus state(String desired, String verdict, List<String> rules, boolean upgrading, boolean halted) {
        return Statuses.of("prod", "search-prod", desired, "2.5.16", "Healthy", upgrading, halted, verdict, rules);
    }

    static TargetStatus waiting(String... rules) {
        return state("2.6.15", "wait", List.of(rules), false, false);
    }

    /** Passes every {@code step} (the last one shorter if need be), each seeing {@code s}, the last exactly {@code span} later. */
    void passes(TargetStatus s, Duration span, Duration step) {
        Instant end = clock.instant().plus(span);
        while (clock.instant().isBefore(end)) {
            watch.observe(s);
            Duration left = Duration.between(clock.instant(), end);
            clock.advance(left.compareTo(step) < 0 ? left : step);
        }
        watch.observe(s);
    }

    /** Everything sent, once the notifier has flushed its queue. */
    List<Received> sent() {
        notifier.close();
        return List.copyOf(received);
    }

    List<JsonNode> webhookBodies(List<Received> sent) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Received r : sent) if (r.path().startsWith("/hook/")) out.add(JSON.readTree(r.body()));
        return out;
    }

    List<String> slackTexts(List<Received> sent) throws Exception {
        List<String> out = new ArrayList<>();
        for (Received r : sent) if (r.path().startsWith("/slack/")) out.add(JSON.readTree(r.body()).path("text").asText());
        return out;
    }

    List<String> auditLines() throws Exception {
        Path f = tmp.resolve("audit.jsonl");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Test
    void aBlockShorterThanTheThresholdSendsNothing() throws Exception {
        passes(waiting("maintenance-window"), AFTER.minusSeconds(30), Duration.ofSeconds(30));
        assertThat(sent()).isEmpty();
        assertThat(auditLines()).isEmpty();
    }

    @Test
    void pastTheThresholdOneMessagePerSinkAndOneAuditLineThenNothingMoreForTheSameBlock() throws Exception {
        passes(waiting("maintenance-window", "approval"), AFTER, Duration.ofMinutes(10));
        passes(waiting("approval", "maintenance-window"), Duration.ofHours(1), Duration.ofMinutes(10)); // same set, other order
        List<Received> sent = sent();
        assertThat(sent).hasSize(2);

        List<JsonNode> hooks = webhookBodies(sent);
        assertThat(hooks).hasSize(1);
        JsonNode hook = hooks.getFirst();
        assertThat(hook.path("event").asText()).isEqualTo("blocked");
        assertThat(hook.path("target").asText()).isEqualTo("prod/search-prod");
        assertThat(hook.path("desired").asText()).isEqualTo("2.6.15");
        assertThat(hook.path("live").asText()).isEqualTo("2.5.16");
        assertThat(hook.path("verdict").asText()).isEqualTo("wait");
        assertThat(JSON.convertValue(hook.path("rules"), List.class)).containsExactly("approval", "maintenance-window");
        assertThat(hook.path("since").asText()).isEqualTo(T0.toString());
        assertThat(hook.path("at").asText()).isEqualTo(T0.plus(AFTER).toString());

        assertThat(slackTexts(sent)).singleElement().satisfies(t -> assertThat(t).contains("prod/search-prod")
                .contains("approval, maintenance-window").contains("since " + HumanTime.at(T0)).contains("for 1 d").contains("2.5.16 -> 2.6.15")
                .contains("status page"));

        List<String> audit = auditLines();
        assertThat(audit).singleElement().satisfies(l -> assertThat(JSON.readTree(l)).isEqualTo(hook));
    }

    @Test
    void aBlockThatClearsAndReturnsIsANewEpisodeMeasuredFromItsReturn() throws Exception {
        passes(waiting("maintenance-window"), AFTER, Duration.ofHours(1));
        watch.observe(state("2.6.15", "allow", List.of(), true, false)); // the window opened: the upgrade runs
        clock.advance(Duration.ofHours(1));
        Instant back = clock.instant();
        passes(waiting("maintenance-window"), AFTER.minusHours(1), Duration.ofHours(1));
        assertThat(auditLines()).as("the returned block is not old enough yet").hasSize(1);
        clock.advance(Duration.ofHours(1));
        watch.observe(waiting("maintenance-window"));
        List<JsonNode> hooks = webhookBodies(sent());
        assertThat(hooks).hasSize(2);
        assertThat(hooks.get(0).path("since").asText()).isEqualTo(T0.toString());
        assertThat(hooks.get(1).path("since").asText()).isEqualTo(back.toString());
    }

    @Test
    void anotherDesiredVersionIsANewEpisode() throws Exception {
        passes(waiting("freeze"), AFTER, Duration.ofHours(1));
        clock.advance(Duration.ofHours(1));
        Instant bumped = clock.instant();
        TargetStatus newer = state("2.6.16", "wait", List.of("freeze"), false, false);
        passes(newer, AFTER.minusMinutes(1), Duration.ofMinutes(30));
        assertThat(auditLines()).as("the new version has not waited long enough").hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        watch.observe(newer);
        List<JsonNode> hooks = webhookBodies(sent());
        assertThat(hooks).extracting(h -> h.path("desired").asText()).containsExactly("2.6.15", "2.6.16");
        assertThat(hooks.get(1).path("since").asText()).isEqualTo(bumped.toString());
    }

    @Test
    void anotherSetOfRulesInTheSameBlockIsToldOnceAtOnceAndAReturningSetIsNotToldAgain() throws Exception {
        passes(waiting("maintenance-window"), AFTER, Duration.ofHours(1));
        clock.advance(Duration.ofHours(1));
        watch.observe(state("2.6.15", "approval", List.of("maintenance-window", "approval"), false, false));
        clock.advance(Duration.ofHours(1));
        watch.observe(waiting("maintenance-window"));
        List<JsonNode> hooks = webhookBodies(sent());
        assertThat(hooks).extracting(h -> h.path("rules").toString())
                .containsExactly("[\"maintenance-window\"]", "[\"approval\",\"maintenance-window\"]");
        assertThat(hooks).extracting(h -> h.path("since").asText()).containsOnly(T0.toString());
    }

    @Test
    void aHaltedARunningOrAnInSyncTargetNeverCountsAsBlocked() throws Exception {
        List<TargetStatus> notBlocked = List.of(
                state("2.6.15", "wait", List.of("maintenance-window"), false, true), // halted after a failure
                state("2.6.15", "wait", List.of("maintenance-window"), true, false), // a plan runs (it overruns the window)
                state("2.6.15", "allow", List.of(), false, false),
                Statuses.of("prod", "search-prod", "2.6.15", "2.6.15", "Healthy", false, false, "in-sync", List.of()));
        for (TargetStatus s : notBlocked) passes(s, AFTER.multipliedBy(2), Duration.ofHours(1));
        assertThat(sent()).isEmpty();
        assertThat(auditLines()).isEmpty();
    }

    @Test
    void afterARestartABlockIsMeasuredFromTheFirstPassThatSeesIt() throws Exception {
        passes(waiting("approval"), AFTER, Duration.ofHours(1));
        clock.advance(Duration.ofHours(1));
        Instant restarted = clock.instant();
        watch = new BlockWatch(AFTER, clock, audit); // a new process: nothing in memory
        passes(waiting("approval"), AFTER.minusHours(1), Duration.ofHours(1));
        assertThat(auditLines()).as("no burst of messages at a start").hasSize(1);
        clock.advance(Duration.ofHours(1));
        watch.observe(waiting("approval"));
        assertThat(webhookBodies(sent())).extracting(h -> h.path("since").asText()).containsExactly(T0.toString(), restarted.toString());
    }

    @Test
    void aReplicaThatStopsLeadingForgetsWhatItMeasured() throws Exception {
        passes(waiting("approval"), AFTER.minusHours(1), Duration.ofHours(1));
        watch.forgotten();
        clock.advance(Duration.ofHours(2));
        watch.observe(waiting("approval")); // would be 25h old, had it been measured across the gap
        assertThat(sent()).isEmpty();
    }

    @Test
    void noMessageNorAuditLineCarriesTheReceiverURLs() throws Exception {
        passes(waiting("maintenance-window"), AFTER, Duration.ofHours(6));
        List<Received> sent = sent();
        assertThat(sent).hasSize(2);
        assertThat(sent).allSatisfy(r -> assertThat(r.body()).doesNotContain(TOKEN).doesNotContain("127.0.0.1"));
        assertThat(auditLines()).allSatisfy(l -> assertThat(l).doesNotContain(TOKEN).doesNotContain("127.0.0.1"));
    }
}
