package io.milvusgitops.daemon.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.git.Secret;
import io.milvusgitops.daemon.http.DaemonHttpServer;
import io.milvusgitops.daemon.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook as senders reach it: through the daemon's HTTP server. */
class WebhookHandlerTest {

    static final String PUSH = "{\"ref\":\"refs/heads/main\",\"after\":\"abc\"}";
    static final WebhookSecrets SECRETS = new WebhookSecrets(Optional.of(Secret.of("gh-secret", "test")), Optional.of(Secret.of("gl-token", "test")),
            Optional.of(Secret.of("gitea-secret", "test")), Optional.of(Secret.of("generic-secret", "test")));
    final AtomicInteger triggers = new AtomicInteger();
    final HttpClient http = HttpClient.newHttpClient();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    DaemonHttpServer server;
    WebhookHandler handler;

    @BeforeEach
    void start() throws Exception {
        serve(new WebhookHandler(SECRETS, FollowedRef.branch("main"), triggers::incrementAndGet, 4096, clock));
    }

    void serve(WebhookHandler h) throws Exception {
        if (server != null) server.close();
        handler = h;
        server = new DaemonHttpServer(new InetSocketAddress("127.0.0.1", 0), () -> "", () -> true, Map::of, handler, WebhookHandler.PATH);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    int port() {
        return server.port();
    }

    HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + WebhookHandler.PATH))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String hmac(String secret, String body) {
        return HexFormat.of().formatHex(WebhookVerifier.sha256(Secret.of(secret, "t"), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void githubWithAGoodSignatureTriggersAPoll() throws Exception {
        var r = post(PUSH, "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", PUSH), "X-GitHub-Event", "push");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(triggers).hasValue(1);
    }

    @Test
    void aBadSignatureGets401AndChangesNothing() throws Exception {
        assertThat(post(PUSH, "X-Hub-Signature-256", "sha256=" + hmac("wrong", PUSH)).statusCode()).isEqualTo(401);
        assertThat(post(PUSH + " ", "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", PUSH)).statusCode()).as("body changed").isEqualTo(401);
        assertThat(post(PUSH, "X-Hub-Signature-256", "md5=00").statusCode()).isEqualTo(401);
        assertThat(post(PUSH, "X-Gitlab-Token", "nope").statusCode()).isEqualTo(401);
        assertThat(post(PUSH, "X-Gitea-Signature", hmac("nope", PUSH)).statusCode()).isEqualTo(401);
        assertThat(post(PUSH, "X-Signature", "sha256=" + hmac("nope", PUSH)).statusCode()).isEqualTo(401);
        assertThat(post(PUSH).statusCode()).as("unsigned").isEqualTo(401);
        assertThat(triggers).hasValue(0);
        assertThat(handler.refusedCount()).isEqualTo(7);
    }

    @Test
    void gitlabGiteaForgejoAndGenericHmacAreAccepted() throws Exception {
        assertThat(post(PUSH, "X-Gitlab-Token", "gl-token", "X-Gitlab-Event", "Push Hook").statusCode()).isEqualTo(202);
        assertThat(post(PUSH, "X-Gitea-Signature", hmac("gitea-secret", PUSH)).statusCode()).isEqualTo(202);
        assertThat(post(PUSH, "X-Forgejo-Signature", hmac("gitea-secret", PUSH)).statusCode()).isEqualTo(202);
        assertThat(post(PUSH, "X-Signature", "sha256=" + hmac("generic-secret", PUSH)).statusCode()).isEqualTo(202);
        assertThat(triggers).hasValue(4);
    }

    @Test
    void aPingOrAPushToAnotherBranchIsAnsweredAndIgnored() throws Exception {
        var ping = post("{}", "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", "{}"), "X-GitHub-Event", "ping");
        assertThat(ping.statusCode()).isEqualTo(200);
        String other = "{\"ref\":\"refs/heads/feature\"}";
        var r = post(other, "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", other));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("ignored");
        assertThat(triggers).hasValue(0);
    }

    @Test
    void anOversizedBodyGets413WithoutBeingRead() throws Exception {
        String big = "x".repeat(5000);
        assertThat(post(big, "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", big)).statusCode()).isEqualTo(413);
        assertThat(triggers).hasValue(0);
    }

    @Test
    void aChunkedBodyOverTheLimitGets413Too() throws Exception {
        byte[] big = "y".repeat(5000).getBytes(StandardCharsets.UTF_8);
        // No Content-Length: an input stream publisher sends the body chunked.
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + WebhookHandler.PATH))
                .header("X-Hub-Signature-256", "sha256=" + hmac("gh-secret", new String(big, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
        assertThat(triggers).hasValue(0);
    }

    @Test
    void onlyPost() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + WebhookHandler.PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void aProviderWithoutASecretIsRefused() throws Exception {
        serve(new WebhookHandler(WebhookSecrets.NONE, "main", triggers::incrementAndGet, 4096));
        var r = post(PUSH, "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", PUSH));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("not configured");
    }

    static String[] github(String body, String delivery) {
        return new String[] {"X-Hub-Signature-256", "sha256=" + hmac("gh-secret", body), "X-GitHub-Event", "push", "X-GitHub-Delivery", delivery};
    }

    @Test
    void aReplayedDeliveryIsAnsweredAndIgnoredForAWhile() throws Exception {
        assertThat(post(PUSH, github(PUSH, "d-1")).statusCode()).isEqualTo(202);
        var again = post(PUSH, github(PUSH, "d-1"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("ignored").contains("d-1").contains("received before");
        assertThat(triggers).as("acted on once").hasValue(1);
        assertThat(post(PUSH, github(PUSH, "d-2")).statusCode()).as("another delivery").isEqualTo(202);
        String gl = "{\"ref\":\"refs/heads/main\"}";
        assertThat(post(gl, "X-Gitlab-Token", "gl-token", "X-Gitlab-Event-UUID", "u-1").statusCode()).isEqualTo(202);
        assertThat(post(gl, "X-Gitlab-Token", "gl-token", "X-Gitlab-Event-UUID", "u-1").statusCode()).isEqualTo(200);
        assertThat(post(gl, "X-Gitea-Signature", hmac("gitea-secret", gl), "X-Gitea-Delivery", "g-1").statusCode()).isEqualTo(202);
        assertThat(post(gl, "X-Gitea-Signature", hmac("gitea-secret", gl), "X-Gitea-Delivery", "g-1").statusCode()).isEqualTo(200);
        assertThat(triggers).hasValue(4);
        clock.advance(Duration.ofHours(2));
        assertThat(post(PUSH, github(PUSH, "d-1")).statusCode()).as("forgotten after the window").isEqualTo(202);
        assertThat(post(PUSH, "X-Hub-Signature-256", "sha256=" + hmac("wrong", PUSH), "X-GitHub-Delivery", "d-9").statusCode()).isEqualTo(401);
        assertThat(post(PUSH, github(PUSH, "d-9")).statusCode()).as("an unsigned request takes no id away").isEqualTo(202);
    }

    @Test
    void aTagPushDoesNotPollASourceThatFollowsABranch() throws Exception {
        String tag = "{\"ref\":\"refs/tags/v2.6.15\"}";
        var r = post(tag, "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", tag), "X-GitHub-Event", "push");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("ignored").contains("refs/tags/v2.6.15").contains("branch main");
        String giteaCreate = "{\"ref\":\"v2.6.15\",\"ref_type\":\"tag\"}";
        assertThat(post(giteaCreate, "X-Gitea-Signature", hmac("gitea-secret", giteaCreate), "X-Gitea-Event", "create").body()).contains("ignored");
        assertThat(triggers).hasValue(0);

        serve(new WebhookHandler(SECRETS, FollowedRef.tags("fleet-v*"), triggers::incrementAndGet, 4096, clock));
        String fleetTag = "{\"ref\":\"refs/tags/fleet-v7\"}";
        assertThat(post(fleetTag, "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", fleetTag)).statusCode()).isEqualTo(202);
        assertThat(post(PUSH, "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", PUSH)).statusCode()).as("a branch push").isEqualTo(200);
        assertThat(triggers).hasValue(1);
    }

    @Test
    void whatTheRequestSaysIsEchoedCapped() throws Exception {
        String huge = "refs/heads/" + "r".repeat(1 << 19) + "\nFORGED LOG LINE";
        String body = "{\"ref\":\"" + huge.replace("\n", "\\n") + "\",\"repository\":{\"full_name\":\"" + "n".repeat(1 << 19) + "\"}}";
        serve(new WebhookHandler(SECRETS, FollowedRef.branch("main"), triggers::incrementAndGet, 2 << 20, clock));
        var r = post(body, "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", body), "X-GitHub-Event", "e".repeat(4000));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().length()).isLessThan(400);
        assertThat(r.body()).contains("characters)").doesNotContain("FORGED").doesNotContain("nnnnnnnnnn");
    }

    @Test
    void gogsSignaturesAreRecognised() throws Exception {
        assertThat(post(PUSH, "X-Gogs-Signature", hmac("gitea-secret", PUSH), "X-Gogs-Event", "push").statusCode()).isEqualTo(202);
        var bad = post(PUSH, "X-Gogs-Signature", hmac("nope", PUSH));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("gogs signature does not match");
        assertThat(triggers).hasValue(1);
    }
}
