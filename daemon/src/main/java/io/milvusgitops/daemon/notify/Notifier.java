package io.milvusgitops.daemon.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.milvusgitops.daemon.audit.AuditEvent;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.git.Secret;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.daemon.safety.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people about upgrades: a plan starts, an upgrade completes, a step fails for good, a hop is
 * rolled back, policy has held a target back for long ({@link BlockWatch}). Two sinks, like Flux's
 * notification providers: a generic webhook (the audit line as JSON, signed with {@code X-Signature: sha256=<hmac>} when a key is set) and a Slack-compatible
 * incoming webhook ({@code {"text": ...}}, which Mattermost, Rocket.Chat and Teams' Slack-compatible
 * connectors accept too). Sending is asynchronous and bounded: a slow or dead receiver never holds an
 * upgrade; what cannot be sent is logged and dropped. The URLs are secrets (a Slack URL is a
 * credential): they are read from files or variables and never logged.
 */
public final class Notifier implements Consumer<AuditLog.Entry>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where to send: any of them may be absent. */
    public record Sinks(Optional<Secret> webhookUrl, Optional<Secret> webhookKey, Optional<Secret> slackUrl) {
        public static final Sinks NONE = new Sinks(Optional.empty(), Optional.empty(), Optional.empty());

        boolean any() {
            return webhookUrl.isPresent() || slackUrl.isPresent();
        }
    }

    private final Sinks sinks;
    /**
     * Made by the first notification, on the sender's thread: a client sets up TLS when it is made (a fifth of a second
     * of the daemon's start-up), and a fleet without notifications never needs one.
     */
    private volatile HttpClient http;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
        Thread t = new Thread(r, "notify");
        t.setDaemon(true);
        return t;
    }, (task, pool) -> LOG.warn("notification queue full: a notification was dropped"));

    public Notifier(Sinks sinks) {
        this.sinks = sinks;
    }

    @Override
    public void accept(AuditLog.Entry entry) {
        if (!sinks.any() || !entry.event().notified()) return;
        sender.execute(() -> send(entry));
    }

    private void send(AuditLog.Entry e) {
        sinks.webhookUrl().ifPresent(url -> post("webhook", url, e.json(), sinks.webhookKey()));
        sinks.slackUrl().ifPresent(url -> {
            try {
                post("slack", url, JSON.writeValueAsString(Map.of("text", text(e))), Optional.empty());
            } catch (JsonProcessingException ex) {
                LOG.warn("cannot encode a Slack message: {}", ex.getMessage());
            }
        });
    }

    /** One line a person reads on a phone. */
    static String text(AuditLog.Entry e) {
        // A block has no plan nor commit of its own: its outcome says which versions and rules.
        if (e.event() == AuditEvent.BLOCKED) return ":hourglass_flowing_sand: " + e.target() + " " + e.outcome();
        String commit = e.commit().length() > 8 ? e.commit().substring(0, 8) : e.commit();
        String what = switch (e.event()) {
            case PLANNED -> ":arrow_forward: upgrade of " + e.target() + " started";
            case COMPLETED -> ":white_check_mark: " + e.target() + " upgraded";
            case STEP_FAILED -> ":x: a step of " + e.target() + " failed";
            case ROLLED_BACK -> ":leftwards_arrow_with_hook: " + e.target() + " rolled back";
            case SUPERSEDED -> ":twisted_rightwards_arrows: plan of " + e.target() + " superseded by a newer commit";
            case HALTED -> ":octagonal_sign: upgrade of " + e.target() + " halted";
            case STEP_DONE, BLOCKED -> e.event() + " " + e.target();
        };
        return what + " (commit " + commit + ", plan " + e.plan() + "): " + e.outcome();
    }

    private void post(String sink, Secret url, String unsafeBody, Optional<Secret> key) {
        String body = Redaction.redact(unsafeBody);
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url.reveal())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (key.isPresent()) req.header("X-Signature", "sha256=" + hmac(key.get(), body));
            HttpResponse<Void> r = client().send(req.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) LOG.warn("{} notification refused: HTTP {}", sink, r.statusCode());
        } catch (IOException | IllegalArgumentException e) {
            // The message of a URI or connect error can carry the URL: it is a remembered secret, masked by the redaction.
            LOG.warn("{} notification not sent ({}): check the URL in {}", sink, Failures.describe(e), url.source());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpClient client() {
        if (http == null) http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(); // the sender is one thread
        return http;
    }

    static String hmac(Secret key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS); // a last "rolled back" should still go out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        HttpClient made = http;
        if (made != null) made.close();
    }
}
