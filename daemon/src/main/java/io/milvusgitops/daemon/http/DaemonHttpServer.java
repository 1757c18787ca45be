package io.milvusgitops.daemon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The daemon's HTTP endpoints: {@code /metrics} (Prometheus text), {@code /healthz} (the process
 * lives), {@code /readyz} (a desired state is loaded and the daemon can act or follow), the JSON API
 * under {@code /api/v1/}, and the webhook. JDK's HttpServer: a handful of small endpoints need no framework.
 */
public final class DaemonHttpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer server;

    public DaemonHttpServer(InetSocketAddress address, Supplier<String> metrics, BooleanSupplier ready, Supplier<Object> status,
                            HttpHandler webhook, String webhookPath) throws IOException {
        server = HttpServer.create(address, 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", get(ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get())));
        server.createContext("/healthz", get(ex -> reply(ex, 200, "text/plain; charset=utf-8", "ok\n")));
        server.createContext("/readyz", get(ex -> {
            boolean ok = ready.getAsBoolean();
            reply(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ready\n" : "not ready: no desired state loaded yet\n");
        }));
        server.createContext("/api/v1/status", get(ex -> reply(ex, 200, "application/json", JSON.writeValueAsString(status.get()))));
        server.createContext(webhookPath, webhook);
        server.start();
    }

    /** Serves {@code pages} under {@code /}; a path they have no page for is 404. */
    public void pages(Pages pages) {
        server.createContext("/", get(ex -> {
            Optional<Pages.Page> page = pages.render(ex.getRequestURI().getPath(), query(ex.getRequestURI().getRawQuery()));
            if (page.isEmpty()) {
                reply(ex, 404, "text/plain; charset=utf-8", "not found: see / , /metrics, /healthz, /readyz, /api/v1/status\n");
                return;
            }
            reply(ex, page.get().status(), page.get().contentType(), page.get().body());
        }));
    }

    /** {@code env=prod&target=a&target=b} -> {env: [prod], target: [a, b]}, decoded. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static HttpHandler get(HttpHandler inner) {
        return ex -> {
            try (ex) {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    reply(ex, 405, "text/plain; charset=utf-8", "use GET\n");
                    return;
                }
                inner.handle(ex);
            }
        };
    }

    static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().put("Content-Type", List.of(type));
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
