package io.milvusgitops.daemon.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.http.PostEndpoint;
import io.milvusgitops.daemon.safety.Echo;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/webhook}: a push webhook from GitHub, GitLab, Gitea/Forgejo/Gogs or a generic HMAC
 * sender triggers an immediate poll (the regular poll still runs). A bad signature gets 401 and changes
 * nothing; a ping, a push to a ref the source does not follow (another branch, a tag while a branch is
 * followed) and a delivery already received are answered 200 and ignored. What the request says (a
 * ref, an event, a delivery id) is repeated at most {@link Echo#MAX} characters long. The server
 * ({@link io.milvusgitops.daemon.http.DaemonHttpServer}) bounds the body's size and time.
 */
public final class WebhookHandler implements PostEndpoint {

    public static final String PATH = "/api/webhook";
    public static final int DEFAULT_MAX_BODY = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EVENT_HEADERS = List.of("x-github-event", "x-gitlab-event", "x-gitea-event", "x-gogs-event");
    private static final List<String> DELIVERY_HEADERS = List.of("x-github-delivery", "x-gitlab-event-uuid", "x-gitea-delivery", "x-gogs-delivery");

    private final WebhookVerifier verifier;
    private final FollowedRef followed;
    private final Runnable trigger;
    private final int maxBody;
    private final DeliveryLog deliveries;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public WebhookHandler(WebhookSecrets secrets, String branch, Runnable trigger, int maxBody) {
        this(secrets, FollowedRef.branch(branch), trigger, maxBody, Clock.systemUTC());
    }

    public WebhookHandler(WebhookSecrets secrets, FollowedRef followed, Runnable trigger, int maxBody, Clock clock) {
        this.verifier = new WebhookVerifier(secrets);
        this.followed = followed;
        this.trigger = trigger;
        this.maxBody = maxBody;
        this.deliveries = new DeliveryLog(clock);
    }

    @Override
    public int maxBody() {
        return maxBody;
    }

    @Override
    public Reply handle(Request request) {
        if (!"POST".equals(request.method())) return new Reply(405, "use POST");
        if (request.body().length > maxBody) {
            refused.incrementAndGet();
            return new Reply(413, "body larger than " + maxBody + " bytes");
        }
        Map<String, String> headers = request.headers();
        return switch (verifier.verify(headers, request.body())) {
            case WebhookVerifier.Result.Refused r -> {
                refused.incrementAndGet();
                LOG.warn("webhook refused: {}", r.reason());
                yield new Reply(401, "refused: " + r.reason());
            }
            case WebhookVerifier.Result.Accepted a -> accept(a.provider(), headers, request.body());
        };
    }

    private Reply accept(String provider, Map<String, String> headers, byte[] body) {
        String event = first(headers, EVENT_HEADERS).orElse("push");
        if (event.equalsIgnoreCase("ping")) return new Reply(200, "pong");
        Optional<String> delivery = first(headers, DELIVERY_HEADERS);
        if (delivery.isPresent() && !deliveries.first(provider, delivery.get())) {
            LOG.info("webhook from {}: delivery {} was received before, ignored", provider, Echo.of(delivery.get()));
            return new Reply(200, "ignored: delivery " + Echo.of(delivery.get()) + " was received before");
        }
        Optional<String> ref = ref(body);
        if (ref.isPresent() && !followed.matches(ref.get())) {
            return new Reply(200, "ignored: push to " + Echo.of(ref.get()) + ", the daemon follows " + followed.describe());
        }
        accepted.incrementAndGet();
        LOG.info("webhook from {} ({}): polling now", provider, Echo.of(event));
        trigger.run();
        return new Reply(202, "accepted: polling " + followed.describe());
    }

    public long acceptedCount() {
        return accepted.get();
    }

    public long refusedCount() {
        return refused.get();
    }

    private static Optional<String> first(Map<String, String> headers, List<String> names) {
        return names.stream().map(headers::get).filter(v -> v != null && !v.isBlank()).findFirst();
    }

    /** The pushed ref, when the body is JSON with one; a generic sender may send none, and is polled for anyway. */
    private static Optional<String> ref(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.hasNonNull("ref") ? Optional.of(n.get("ref").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
