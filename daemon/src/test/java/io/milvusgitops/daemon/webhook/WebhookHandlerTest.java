package io.milvusgitops.daemon.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.milvusgitops.daemon.git.Secret;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookHandlerTest {

    static final String PUSH = "{\"ref\":\"refs/heads/main\",\"after\":\"abc\"}";
    final AtomicInteger triggers = new AtomicInteger();
    final HttpClient http = HttpClient.newHttpClient();
    HttpServer server;
    WebhookHandler handler;

    @BeforeEach
    void start() throws Exception {
        WebhookSecrets secrets = new WebhookSecrets(Optional.of(Secret.of("gh-secret", "test")), Optional.of(Secret.of("gl-token", "test")),
                Optional.of(Secret.of("gitea-secret", "test")), Optional.of(Secret.of("generic-secret", "test")));
        handler = new WebhookHandler(secrets, "main", triggers::incrementAndGet, 4096);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(WebhookHandler.PATH, handler);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + WebhookHandler.PATH))
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
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + WebhookHandler.PATH))
                .header("X-Hub-Signature-256", "sha256=" + hmac("gh-secret", new String(big, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
        assertThat(triggers).hasValue(0);
    }

    @Test
    void onlyPost() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + WebhookHandler.PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void aProviderWithoutASecretIsRefused() throws Exception {
        server.removeContext(WebhookHandler.PATH);
        server.createContext(WebhookHandler.PATH, new WebhookHandler(WebhookSecrets.NONE, "main", triggers::incrementAndGet, 4096));
        var r = post(PUSH, "X-Hub-Signature-256", "sha256=" + hmac("gh-secret", PUSH));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("not configured");
    }
}
