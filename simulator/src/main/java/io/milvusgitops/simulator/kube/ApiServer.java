package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory Kubernetes API server that real clients use as they use a real one: kubectl (1.20 to 1.33),
 * native Helm 3 (through helm-java) and fabric8. It serves discovery derived from its kinds and stored CRDs,
 * {@code /version}, a minimal OpenAPI document, get/list (with label and field selectors, Table output),
 * chunked HTTP watches from a resourceVersion, create/update/delete, JSON, merge and strategic merge patches,
 * the {@code status} and {@code scale} subresources, protobuf Secrets and ConfigMaps (Helm's release records),
 * defaulting, owner garbage collection, {@code Status} errors, and pod port-forwards over WebSocket (as fabric8
 * opens them; {@link PodPorts} says where each pod port really listens). It runs no controller: the simulated
 * kubelet and operator change objects through {@link Cluster}. Labelled a simulation wherever it shows.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RESOURCE = Pattern.compile("^/(?:api/(?<core>v1)|apis/(?<group>[^/]+)/(?<version>[^/]+))"
            + "(?:/namespaces/(?<ns>[^/]+))?/(?<resource>[^/]+)(?:/(?<name>[^/]+))?(?:/(?<sub>[^/]+))?$");
    private static final Pattern SERVICE_PROXY = Pattern.compile(
            "^/api/v1/namespaces/(?<ns>[^/]+)/services/(?<svc>[^/:]+)(?::(?<port>[^/]+))?/proxy(?<path>/.*)?$");
    private static final String TABLE_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";
    /** Under the JDK server's 8 KB output buffer: see {@link #write}. */
    private static final int WRITE_SLICE = 4096;

    static {
        // Answers go out in two writes (headers, body): without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms to each.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }


    /** Serves every request but port-forwards, on a loopback port only the front door connects to. */
    private final HttpServer server;
    private final FrontDoor front;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Cluster cluster;
    private final Resources resources;
    private final Discovery discovery;
    private final Tables tables;
    private final Watches watches;
    /** "namespace/service" -> whether the simulated Milvus behind it says it is healthy; absent: no endpoint. */
    private final Map<String, Boolean> healthz = new ConcurrentHashMap<>();
    private final Deque<String> recent = new ArrayDeque<>();
    private final AtomicLong requests = new AtomicLong();
    private volatile Interceptor interceptor = new Interceptor() { };
    private volatile PodPorts podPorts = PodPorts.NONE;
    /** Each namespace's own, where its simulated kubelet registered one: it runs that namespace's pods. */
    private final Map<String, PodPorts> podPortsByNamespace = new ConcurrentHashMap<>();

    /**
     * A test's hand on the requests, for faults and crash points: {@link #before} may answer in the server's
     * place (an error status) or hold a request (a timeout); {@link #written} sees a stored write before its
     * answer goes out, so a test can stop a client at the exact moment its write is durable and unanswered.
     */
    public interface Interceptor {
        /** Called before the server acts on {@code method path}; 0 to go on, or an HTTP status to answer with instead. May block. */
        default int before(String method, String path) {
            return 0;
        }

        /** Called after a create, update, patch or delete of one object is stored, before its answer is sent. */
        default void written(String method, String path, JsonNode stored) {
        }
    }

    public ApiServer() {
        this(Clock.systemUTC());
    }

    public ApiServer(Clock clock) {
        this.cluster = new Cluster(clock);
        this.resources = new Resources(cluster.store(), cluster.registry());
        this.discovery = new Discovery(cluster.registry());
        this.tables = new Tables(clock);
        this.watches = new Watches(cluster.store(), resources, tables);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a local port for the emulated API server: " + e.getMessage(), e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        front = new FrontDoor(server.getAddress(), new PortForwards(cluster, this::admitPortForward,
                () -> (ns, pod, port) -> podPortsByNamespace.getOrDefault(ns, podPorts).backend(ns, pod, port)), threads);
    }

    /** {@code http://127.0.0.1:<port>}: the front door, which relays to the HttpServer all but port-forwards. */
    public String url() {
        return "http://127.0.0.1:" + front.port();
    }

    /** The HttpServer behind the front door, bypassing it: for the benchmark that prices the relay. */
    String directUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Where pods' ports listen, for port-forwards ({@code kubectl port-forward}'s API, as fabric8 speaks it); until
     * set, nothing listens anywhere and every forward is refused. Tests and simulated controllers set it.
     */
    public void podPorts(PodPorts resolver) {
        podPorts = resolver == null ? PodPorts.NONE : resolver;
    }

    /** Where the pods of {@code namespace} listen (the simulated kubelet of that namespace says), before {@link #podPorts(PodPorts)}. */
    public void podPorts(String namespace, PodPorts resolver) {
        if (resolver == null) podPortsByNamespace.remove(namespace);
        else podPortsByNamespace.put(namespace, resolver);
    }

    /** The objects, for the simulated controllers and for tests that set a cluster up. */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * What Milvus's {@code /healthz} (port 9091) answers behind a service, reached through the API server's service
     * proxy: OK, an error, or (null) no endpoint at all.
     */
    public void healthz(String namespace, String service, Boolean healthy) {
        if (healthy == null) healthz.remove(namespace + "/" + service);
        else healthz.put(namespace + "/" + service, healthy);
    }

    /** Writes a kubeconfig whose context {@code context} is this server (no TLS, a token no one checks). */
    public Path kubeconfig(Path file, String context) throws IOException {
        Files.writeString(file, Kubeconfigs.of(Map.of(context, url()), context));
        return file;
    }

    /** Ends every open watch within a second, as a real API server does after a while or at a restart. */
    public void endWatches() {
        watches.endAll();
    }

    /** Puts {@code i} in the path of every request from now on (null: none). */
    public void intercept(Interceptor i) {
        interceptor = i == null ? new Interceptor() { } : i;
    }

    /** The newest requests, "METHOD path?query", for tests that count what a client asks (the simulation's own log). */
    public List<String> recentRequests() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Every request served so far (a watch counts once, when it opens): what a benchmark counts, beyond the newest 1,000. */
    public long requests() {
        return requests.get();
    }

    private void record(String method, String target) {
        requests.incrementAndGet();
        synchronized (recent) {
            recent.addLast(method + " " + target);
            while (recent.size() > 1000) recent.removeFirst();
        }
    }

    /** A port-forward is a request as any other to the counters and a test's interceptor, though the HttpServer never sees it. */
    private int admitPortForward(String method, String target, String path) {
        record(method, target);
        return interceptor.before(method, path);
    }

    private void handle(HttpExchange ex) {
        record(ex.getRequestMethod(), ex.getRequestURI().toString());
        try (ex) {
            try {
                URI uri = ex.getRequestURI();
                int fault = interceptor.before(ex.getRequestMethod(), uri.getPath());
                if (fault != 0) throw ApiException.injected(fault);
                route(ex, uri.getPath(), query(uri.getRawQuery()));
            } catch (ApiException e) {
                send(ex, e.code, "application/json", bytes(e.status()));
            } catch (RuntimeException e) {
                LOG.warn("emulated API server: {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                send(ex, 500, "application/json", bytes(new ApiException(500, "InternalError", "emulator: " + e, null, null).status()));
            }
        } catch (IOException e) {
            LOG.debug("emulated API server: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e.getMessage());
        }
    }

    private void route(HttpExchange ex, String path, Map<String, String> q) throws IOException {
        String method = ex.getRequestMethod();
        String accept = Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept")).orElse("");
        switch (path) {
            case "/version" -> {
                json(ex, 200, Discovery.version());
                return;
            }
            case "/api" -> {
                json(ex, 200, Discovery.coreVersions());
                return;
            }
            case "/apis" -> {
                json(ex, 200, discovery.groupList());
                return;
            }
            case "/openapi/v2" -> {
                send(ex, 200, Discovery.OPENAPI_V2_TYPE, Discovery.OPENAPI_V2);
                return;
            }
            case "/healthz", "/readyz", "/livez" -> {
                send(ex, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8));
                return;
            }
            default -> { }
        }
        if (path.startsWith("/openapi/v3")) throw ApiException.noSuchPath();
        if (path.equals("/api/v1")) {
            json(ex, 200, discovery.resources("", "v1").orElseThrow(ApiException::noSuchPath));
            return;
        }
        String[] parts = path.split("/");
        if (parts.length == 3 && parts[1].equals("apis")) {
            json(ex, 200, discovery.group(parts[2]).orElseThrow(ApiException::noSuchPath));
            return;
        }
        if (parts.length == 4 && parts[1].equals("apis")) {
            json(ex, 200, discovery.resources(parts[2], parts[3]).orElseThrow(ApiException::noSuchPath));
            return;
        }
        Matcher proxied = SERVICE_PROXY.matcher(path);
        if (proxied.matches()) {
            Boolean healthy = healthz.get(proxied.group("ns") + "/" + proxied.group("svc"));
            if (healthy == null || !"/healthz".equals(proxied.group("path"))) {
                throw new ApiException(503, "ServiceUnavailable", "no endpoints available for service \"" + proxied.group("svc") + "\"", null, null);
            }
            send(ex, healthy ? 200 : 500, "text/plain; charset=utf-8", (healthy ? "OK" : "component not healthy").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Matcher m = RESOURCE.matcher(path);
        if (!m.matches()) throw ApiException.noSuchPath();
        String group = m.group("core") != null ? "" : m.group("group");
        String version = m.group("core") != null ? "v1" : m.group("version");
        ResourceType t = cluster.registry().find(group, version, m.group("resource")).orElseThrow(ApiException::noSuchPath);
        String ns = Optional.ofNullable(m.group("ns")).orElse("");
        if (!t.namespaced() && !ns.isEmpty()) throw ApiException.noSuchPath();
        String name = m.group("name");
        String sub = m.group("sub");
        if (sub != null && !sub.equals("status") && !sub.equals("scale")) throw ApiException.noSuchPath();
        boolean dryRun = "All".equals(q.get("dryRun"));
        switch (method) {
            case "GET" -> {
                if (name != null) {
                    ObjectNode o = resources.get(t, ns, name);
                    if ("scale".equals(sub)) json(ex, 200, Resources.scaleOf(o));
                    else if (accept.contains("as=Table")) send(ex, 200, TABLE_TYPE, bytes(tables.table(t, List.of(o), cluster.store().resourceVersion(),
                            q.getOrDefault("includeObject", "Metadata"))));
                    else json(ex, 200, o);
                } else if ("true".equals(q.get("watch")) || "1".equals(q.get("watch"))) {
                    watches.stream(ex, t, ns, q, accept.contains("as=Table"));
                } else {
                    long rv = cluster.store().resourceVersion();
                    List<ObjectNode> items = resources.list(t, ns, q.get("labelSelector"), q.get("fieldSelector"));
                    if (accept.contains("as=Table")) send(ex, 200, TABLE_TYPE, bytes(tables.table(t, items, rv, q.getOrDefault("includeObject", "Metadata"))));
                    else json(ex, 200, resources.listObject(t, items, rv));
                }
            }
            case "POST" -> {
                if (name != null) throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", t, name);
                json(ex, 201, written(method, path, resources.create(t, ns, body(ex), dryRun)));
            }
            case "PUT" -> json(ex, 200, written(method, path, resources.update(t, ns, require(name), sub, body(ex), dryRun)));
            case "PATCH" -> json(ex, 200, written(method, path, resources.patch(t, ns, require(name), sub, contentType(ex), body(ex), dryRun)));
            case "DELETE" -> {
                if (name == null) {
                    List<ObjectNode> gone = resources.list(t, ns, q.get("labelSelector"), q.get("fieldSelector"));
                    for (ObjectNode o : gone) resources.delete(t, o.path("metadata").path("namespace").asText(""), o.path("metadata").path("name").asText(), dryRun);
                    json(ex, 200, resources.listObject(t, gone, cluster.store().resourceVersion()));
                } else {
                    json(ex, 200, written(method, path, resources.delete(t, ns, name, dryRun)));
                }
            }
            default -> throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", t, name);
        }
    }

    private <T extends JsonNode> T written(String method, String path, T stored) {
        interceptor.written(method, path, stored);
        return stored;
    }

    private static String require(String name) {
        if (name == null) throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null, null);
        return name;
    }

    private static String contentType(HttpExchange ex) {
        String ct = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("application/json");
        return ct.split(";")[0].strip();
    }

    /** The request body: JSON, YAML-as-JSON (apply patches), or Kubernetes protobuf (Helm's Secrets). */
    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        if (contentType(ex).contains("protobuf")) return KubeProtobuf.decode(raw);
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw ApiException.badRequest("the body of the request could not be decoded as JSON");
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/json", bytes(body));
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) {
        try {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    write(os, body);
                }
            }
        } catch (IOException e) {
            LOG.debug("emulated API server: the client went away: {}", e.getMessage());
        }
    }

    /**
     * {@code body} in slices no longer than the JDK server's own output buffer: its connection stream grows a buffer to
     * twice the largest single write and keeps it for the connection's life, so one large list answered on a connection
     * that then carries a watch held twice that list for as long as the watch stayed open (about 2 MB a namespace in
     * {@code ReconcilePassBench}, memory that a real API server holds in another process, not in the daemon's).
     */
    static void write(OutputStream os, byte[] body) throws IOException {
        for (int off = 0; off < body.length; off += WRITE_SLICE) os.write(body, off, Math.min(WRITE_SLICE, body.length - off));
    }

    @Override
    public void close() {
        front.close();
        server.stop(0);
        threads.shutdownNow();
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
