package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Watches as chunked HTTP streams of JSON events, one per line, as kubectl and client-go informers read them:
 * from {@code resourceVersion} on (empty or 0: the current objects as ADDED first; older than the kept
 * history: 410 Gone, and the client lists again), filtered by namespace and selectors, ended after
 * {@code timeoutSeconds} (the client watches again). A request for a WebSocket watch (fabric8 tries one first)
 * is answered at once, so that the client falls back to an HTTP watch.
 */
final class Watches {

    /** The longest a watch stays open; clients open the next one. */
    static final long MAX_SECONDS = 300;
    private static final long BOOKMARK_EVERY_NANOS = 30_000_000_000L;

    private final ObjectStore store;
    private final Resources resources;
    private final Tables tables;
    /** Each {@link #endAll} starts a new generation; a watch of an older one ends. */
    private final AtomicLong generation = new AtomicLong();

    Watches(ObjectStore store, Resources resources, Tables tables) {
        this.store = store;
        this.resources = resources;
        this.tables = tables;
    }

    /** Ends every open watch within a second; the clients open the next ones. */
    void endAll() {
        generation.incrementAndGet();
    }

    void stream(HttpExchange ex, ResourceType t, String ns, Map<String, String> q, boolean table) throws IOException {
        long opened = generation.get();
        if ("websocket".equalsIgnoreCase(String.valueOf(ex.getRequestHeaders().getFirst("Upgrade")))) {
            byte[] body = ApiServer.bytes(new ApiException(200, "", "no WebSocket watches here: watch over HTTP", null, null).status());
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
            return;
        }
        Predicate<JsonNode> labels = Selectors.labels(q.get("labelSelector"));
        Predicate<JsonNode> fields = Selectors.fields(q.get("fieldSelector"));
        String from = q.getOrDefault("resourceVersion", "");
        long since;
        List<ObjectNode> initial = List.of();
        if (from.isEmpty() || from.equals("0")) {
            since = store.resourceVersion();
            initial = resources.list(t, ns, q.get("labelSelector"), q.get("fieldSelector"));
        } else {
            since = parse(from);
            if (since < store.oldestReplayable()) {
                throw new ApiException(410, "Expired", "too old resource version: " + since + " (" + store.oldestReplayable() + ")", t, null);
            }
        }
        long timeout = Math.min(MAX_SECONDS, q.containsKey("timeoutSeconds") ? Math.max(1, parse(q.get("timeoutSeconds"))) : MAX_SECONDS);
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        boolean bookmarks = "true".equals(q.get("allowWatchBookmarks"));
        ex.getResponseHeaders().set("Content-Type", table ? "application/json;as=Table;v=v1;g=meta.k8s.io" : "application/json;stream=watch");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream os = ex.getResponseBody()) {
            for (ObjectNode o : initial) emit(os, "ADDED", o, t, table, q);
            // A bookmark at once and then every so often, as a real API server sends them: clients that count a watch as
            // established from its first bytes (fabric8's HTTP watches) know it is, even when nothing changes.
            long nextBookmark = System.nanoTime();
            os.flush();
            while (System.nanoTime() < deadline && generation.get() == opened) {
                if (bookmarks && System.nanoTime() >= nextBookmark) {
                    bookmark(os, t);
                    nextBookmark = System.nanoTime() + BOOKMARK_EVERY_NANOS;
                }
                List<ObjectStore.Event> events = store.eventsAfter(t, since, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000));
                for (ObjectStore.Event e : events) {
                    since = Math.max(since, e.resourceVersion());
                    ObjectNode o = e.object();
                    if (!ns.isEmpty() && !ns.equals(o.path("metadata").path("namespace").asText())) continue;
                    if (!labels.test(o) || !fields.test(o)) continue;
                    emit(os, e.type(), o, t, table, q);
                }
                if (!events.isEmpty()) os.flush();
            }
            if (bookmarks) bookmark(os, t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void bookmark(OutputStream os, ResourceType t) throws IOException {
        ObjectNode mark = JsonNodeFactory.instance.objectNode().put("kind", t.kind()).put("apiVersion", t.apiVersion());
        mark.putObject("metadata").put("resourceVersion", String.valueOf(store.resourceVersion()));
        write(os, "BOOKMARK", mark);
    }

    private void emit(OutputStream os, String type, ObjectNode o, ResourceType t, boolean table, Map<String, String> q) throws IOException {
        write(os, type, table ? tables.table(t, List.of(o), parse(o.path("metadata").path("resourceVersion").asText("0")),
                q.getOrDefault("includeObject", "Metadata")) : o);
    }

    private static void write(OutputStream os, String type, JsonNode object) throws IOException {
        ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", type);
        event.set("object", object);
        os.write(ApiServer.bytes(event));
        os.write('\n');
        os.flush();
    }

    private static long parse(String n) {
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version or timeout: " + n);
        }
    }
}
