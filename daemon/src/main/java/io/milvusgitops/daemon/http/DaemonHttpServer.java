package io.milvusgitops.daemon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.milvusgitops.daemon.safety.Echo;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.daemon.safety.Redaction;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP endpoints: {@code /metrics} (Prometheus text), {@code /healthz} (the process
 * lives), {@code /readyz} (a desired state is loaded and the daemon can act or follow), the JSON API
 * under {@code /api/v1/}, the webhook, and the pages under {@code /}.
 *
 * <p>Jetty 12 (its core server, no servlets), for what a server open to a network needs and the JDK's
 * server lacks ({@link ServerLimits}): reading is non-blocking, so a slow client holds a connection but
 * no thread; a connection limit ({@link NetworkConnectionLimit}), an idle timeout, a deadline for the
 * request head ({@link HeadDeadline}) and for a webhook body; and the webhook runs under a
 * {@link QoSHandler} that lets only a few at a time, so that however many webhooks arrive,
 * {@code /healthz}, {@code /readyz} and {@code /metrics} are answered. Every body sent goes through
 * {@link Redaction#redact}; an error is a plain line, never a Java exception.
 */
public final class DaemonHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Server server;
    private final ServerConnector connector;
    private volatile Pages pages = (path, query) -> Optional.empty();

    public DaemonHttpServer(InetSocketAddress address, Supplier<String> metrics, BooleanSupplier ready, Supplier<Object> status,
                            PostEndpoint webhook, String webhookPath) throws IOException {
        this(address, metrics, ready, status, webhook, webhookPath, ServerLimits.DEFAULT);
    }

    public DaemonHttpServer(InetSocketAddress address, Supplier<String> metrics, BooleanSupplier ready, Supplier<Object> status,
                            PostEndpoint webhook, String webhookPath, ServerLimits limits) throws IOException {
        tellJettyTheReferenceSize();
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        // A target's page is /targets/<env>/<name>, and a name may hold a slash (%2F); nothing here maps paths to files.
        http.setUriCompliance(UriCompliance.DEFAULT.with("target names", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        NetworkConnectionLimit connectionLimit = new NetworkConnectionLimit(limits.maxConnections(), server);
        connectionLimit.setEndPointIdleTimeout(1_000);
        server.addBean(connectionLimit);
        HeadDeadline deadline = new HeadDeadline(server.getScheduler(), limits.headerTimeout());
        connector.addBean(deadline);

        Routes routes = new Routes(metrics, ready, status, webhook, webhookPath, limits, deadline);
        QoSHandler webhooks = new QoSHandler(routes);
        webhooks.includePath(webhookPath);
        webhooks.setMaxRequestCount(limits.maxWebhooks());
        webhooks.setMaxSuspendedRequestCount(4 * limits.maxWebhooks());
        webhooks.setMaxSuspend(limits.bodyTimeout());
        server.setHandler(webhooks);
        // Jetty's own errors (a malformed request, an oversized head) as one plain line: no page, no exception text.
        server.setErrorHandler((request, response, callback) -> {
            int code = response.getStatus();
            reply(response, callback, code, TEXT, code + " " + HttpStatus.getMessage(code) + "\n");
            return true;
        });
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failed: nothing more to stop
            }
            throw new IOException("cannot serve HTTP on " + address.getHostString() + ":" + address.getPort() + ": " + Failures.describe(e), e);
        }
    }

    /**
     * Jetty pads its queues by how many references fill a cache line, and to learn whether references are compressed it
     * starts the platform MBean server: a fifth of a second of the daemon's start-up for one flag. The HotSpot bean gives
     * the same answer at once; it goes into the property Jetty reads first (unless one is set), as Jetty computes it.
     */
    private static void tellJettyTheReferenceSize() {
        String property = "org.eclipse.jetty.util.referencesPerCacheLine";
        if (System.getProperty(property) != null) return;
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            boolean compressed = Boolean.parseBoolean(hotspot.getVMOption("UseCompressedOops").getValue());
            int cacheLineBytes = Integer.getInteger("org.eclipse.jetty.util.cacheLineBytes", 64);
            System.setProperty(property, String.valueOf(cacheLineBytes / (compressed ? Integer.BYTES : Long.BYTES)));
        } catch (RuntimeException notHotSpot) {
            // another JVM: Jetty asks it the way it knows
        }
    }

    /** Serves {@code pages} under {@code /}; a path they have no page for is 404. */
    public void pages(Pages pages) {
        this.pages = pages;
    }

    /** {@code env=prod&target=a&target=b} -> {env: [prod], target: [a, b]}, decoded. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                // a malformed %-escape: the parameter is left out, as a browser would never send it
            }
        }
        return out;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("stopping the HTTP server: {}", Failures.describe(e));
        }
    }

    /** Every endpoint by its path; the webhook's body is read asynchronously, within its size and time. */
    private final class Routes extends Handler.Abstract {
        private final Supplier<String> metrics;
        private final BooleanSupplier ready;
        private final Supplier<Object> status;
        private final PostEndpoint webhook;
        private final String webhookPath;
        private final ServerLimits limits;
        private final HeadDeadline deadline;

        Routes(Supplier<String> metrics, BooleanSupplier ready, Supplier<Object> status, PostEndpoint webhook, String webhookPath,
               ServerLimits limits, HeadDeadline deadline) {
            this.metrics = metrics;
            this.ready = ready;
            this.status = status;
            this.webhook = webhook;
            this.webhookPath = webhookPath;
            this.limits = limits;
            this.deadline = deadline;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            var connection = request.getConnectionMetaData().getConnection();
            deadline.requestArrived(connection);
            Callback done = Callback.from(callback, () -> deadline.responded(connection));
            String path = request.getHttpURI().getDecodedPath();
            if (path == null) path = "/";
            if (path.equals(webhookPath)) {
                webhook(request, response, done);
                return true;
            }
            String method = request.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                reply(response, done, 405, TEXT, "use GET\n");
                return true;
            }
            try {
                switch (path) {
                    case "/healthz" -> reply(response, done, 200, TEXT, "ok\n");
                    case "/readyz" -> {
                        boolean ok = ready.getAsBoolean();
                        reply(response, done, ok ? 200 : 503, TEXT, ok ? "ready\n" : "not ready: no desired state loaded yet\n");
                    }
                    case "/metrics" -> reply(response, done, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
                    case "/api/v1/status" -> reply(response, done, 200, "application/json", JSON.writeValueAsString(status.get()));
                    default -> page(request, response, done, path);
                }
            } catch (RuntimeException | IOException e) {
                LOG.warn("cannot answer {}: {}", Echo.of(path), Failures.describe(e));
                reply(response, done, 500, TEXT, "internal error: " + Failures.describe(e) + "\n");
            }
            return true;
        }

        private void page(Request request, Response response, Callback callback, String path) {
            Optional<Pages.Page> page = pages.render(path, query(request.getHttpURI().getQuery()));
            if (page.isEmpty()) {
                reply(response, callback, 404, TEXT, "not found: see / , /metrics, /healthz, /readyz, /api/v1/status\n");
                return;
            }
            response.getHeaders().put("Content-Security-Policy", page.get().securityPolicy());
            reply(response, callback, page.get().status(), page.get().contentType(), page.get().body());
        }

        private void webhook(Request request, Response response, Callback callback) {
            if (!request.getMethod().equals("POST")) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                reply(response, callback, 405, TEXT, "use POST\n");
                return;
            }
            int max = webhook.maxBody();
            if (request.getLength() > max) {
                reply(response, callback, 413, TEXT, "body larger than " + max + " bytes\n");
                return;
            }
            Map<String, String> headers = new HashMap<>();
            for (HttpField f : request.getHeaders()) headers.putIfAbsent(f.getLowerCaseName().toLowerCase(Locale.ROOT), f.getValue());
            String method = request.getMethod();
            CompletableFuture<byte[]> read = new CompletableFuture<>();
            Content.Source.asByteArrayAsync(request, max, new Promise.Invocable<>() {
                @Override
                public void succeeded(byte[] body) {
                    read.complete(body);
                }

                @Override
                public void failed(Throwable x) {
                    read.completeExceptionally(x);
                }
            });
            read.orTimeout(limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((body, failure) -> {
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
                            if (cause instanceof TimeoutException) {
                                request.fail(cause); // stop reading what still trickles in
                                reply(response, callback, 408, TEXT, "the body did not arrive within " + limits.bodyTimeout().toSeconds() + " s\n");
                            } else if (String.valueOf(cause.getMessage()).contains("Max size")) {
                                reply(response, callback, 413, TEXT, "body larger than " + max + " bytes\n");
                            } else {
                                reply(response, callback, 400, TEXT, "the body could not be read\n");
                            }
                            return;
                        }
                        PostEndpoint.Reply r;
                        try {
                            r = webhook.handle(new PostEndpoint.Request(method, headers, body));
                        } catch (RuntimeException e) {
                            LOG.warn("the webhook failed: {}", Failures.describe(e));
                            r = new PostEndpoint.Reply(500, "internal error: " + Failures.describe(e));
                        }
                        reply(response, callback, r.status(), TEXT, r.text() + "\n");
                    });
        }
    }

    /** Writes a whole reply; every body passes through the redaction. */
    static void reply(Response response, Callback callback, int status, String type, String body) {
        byte[] out = Redaction.redact(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, out.length);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(out), callback);
    }
}
