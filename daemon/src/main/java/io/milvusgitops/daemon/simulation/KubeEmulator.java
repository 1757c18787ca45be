package io.milvusgitops.daemon.simulation;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode (create, get, list, watch, JSON patch,
 * generation bumps). It runs no controllers: {@link SimulatedKubelet} moves the status, and answers
 * Milvus's {@code /healthz} behind the API server's service proxy from the pods it "runs".
 * Labelled a simulation wherever it is shown: no real cluster is involved.
 */
public final class KubeEmulator implements AutoCloseable {

    /** fabric8's mock web server logs every request at INFO through java.util.logging: kept here, strongly referenced, at WARNING. */
    private static final Logger MOCK_SERVER_LOG = quiet(Logger.getLogger("io.fabric8.mockwebserver"));

    private static final Pattern HEALTHZ = Pattern.compile("/api/v1/namespaces/([^/]+)/services/([^/:]+):9091/proxy/healthz");

    /** "namespace/service" -> healthy: what the simulated Milvus processes would answer. */
    private final Map<String, Boolean> healthz = new ConcurrentHashMap<>();
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public KubeEmulator() {
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(List.of()) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8);
                Matcher m = HEALTHZ.matcher(path.replaceFirst("\\?.*$", ""));
                if ("GET".equals(request.getMethod()) && m.matches()) {
                    Boolean ok = healthz.get(m.group(1) + "/" + m.group(2));
                    if (ok == null) return new MockResponse().setResponseCode(503).setHeader("Content-Type", "text/plain").setBody("no endpoints available".getBytes(StandardCharsets.UTF_8));
                    return ok ? new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("OK".getBytes(StandardCharsets.UTF_8))
                            : new MockResponse().setResponseCode(500).setHeader("Content-Type", "text/plain").setBody("component not healthy".getBytes(StandardCharsets.UTF_8));
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), crud, false);
        server.init();
        client = server.createClient();
    }

    private static Logger quiet(Logger log) {
        log.setLevel(Level.WARNING);
        return log;
    }

    public KubernetesClient client() {
        return client;
    }

    /** What {@code /healthz} of the service {@code <release>-milvus} answers. */
    public void healthz(String namespace, String service, boolean healthy) {
        healthz.put(namespace + "/" + service, healthy);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
