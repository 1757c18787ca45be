package io.milvusgitops.daemon.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/webhook}: a push webhook from GitHub, GitLab, Gitea/Forgejo or a generic HMAC
 * sender triggers an immediate poll (the regular poll still runs). A bad signature gets 401 and
 * changes nothing; a body over the limit gets 413; a ping or a push to another branch is answered
 * and ignored. The poll loop coalesces bursts into one fetch.
 */
public final class WebhookHandler implements HttpHandler {

    public static final String PATH = "/api/webhook";
    public static final int DEFAULT_MAX_BODY = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookVerifier verifier;
    private final String branch;
    private final Runnable trigger;
    private final int maxBody;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public WebhookHandler(WebhookSecrets secrets, String branch, Runnable trigger, int maxBody) {
        this.verifier = new WebhookVerifier(secrets);
        this.branch = branch;
        this.trigger = trigger;
        this.maxBody = maxBody;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, "use POST");
                return;
            }
            long declared = parseLength(ex.getRequestHeaders().getFirst("Content-Length"));
            if (declared > maxBody) {
                refused.incrementAndGet();
                reply(ex, 413, "body larger than " + maxBody + " bytes");
                return;
            }
            byte[] body = readAtMost(ex.getRequestBody(), maxBody);
            if (body == null) {
                refused.incrementAndGet();
                reply(ex, 413, "body larger than " + maxBody + " bytes");
                return;
            }
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
            switch (verifier.verify(headers, body)) {
                case WebhookVerifier.Result.Refused r -> {
                    refused.incrementAndGet();
                    LOG.warn("webhook refused: {}", r.reason());
                    reply(ex, 401, "refused: " + r.reason());
                }
                case WebhookVerifier.Result.Accepted a -> accept(ex, a.provider(), headers, body);
            }
        }
    }

    private void accept(HttpExchange ex, String provider, Map<String, String> headers, byte[] body) throws IOException {
        String event = headers.getOrDefault("x-github-event", headers.getOrDefault("x-gitlab-event", headers.getOrDefault("x-gitea-event", "push")));
        if (event.equalsIgnoreCase("ping")) {
            reply(ex, 200, "pong");
            return;
        }
        String ref = ref(body);
        if (ref != null && ref.startsWith("refs/heads/") && !ref.equals("refs/heads/" + branch)) {
            reply(ex, 200, "ignored: push to " + ref + ", the daemon follows " + branch);
            return;
        }
        accepted.incrementAndGet();
        LOG.info("webhook from {} ({}): polling now", provider, event);
        trigger.run();
        reply(ex, 202, "accepted: polling " + branch);
    }

    public long acceptedCount() {
        return accepted.get();
    }

    public long refusedCount() {
        return refused.get();
    }

    private static String ref(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.hasNonNull("ref") ? n.get("ref").asText() : null;
        } catch (IOException e) {
            return null; // not JSON: a generic sender; poll anyway
        }
    }

    private static long parseLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The body, or null when it is longer than {@code max}: never more than max+1 bytes in memory. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        return body.length > max ? null : body;
    }

    private static void reply(HttpExchange ex, int status, String text) throws IOException {
        byte[] out = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().put("Content-Type", List.of("text/plain; charset=utf-8"));
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }
}
