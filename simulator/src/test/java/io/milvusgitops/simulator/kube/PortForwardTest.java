package io.milvusgitops.simulator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fabric8's port-forward (the daemon's way to the Milvus proxy's gRPC port) against the emulated API server: the
 * WebSocket upgrade through the front door, the kubelet's channel framing, and bytes to and from a real TCP server
 * registered as the pod's port.
 */
@Timeout(60)
class PortForwardTest {

    private static final String NS = "milvus";

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private ApiServer api;
    private KubernetesClient client;
    private ServerSocket echo;
    /** (namespace/pod:port) the registry was asked for, in order. */
    private final ConcurrentLinkedQueue<String> asked = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws IOException {
        api = new ApiServer();
        api.cluster().namespace(NS);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(api.url()).withRequestRetryBackoffLimit(0).build()).build();
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    threads.execute(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // the test's connection went away
                        }
                    });
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }
        });
        InetSocketAddress address = (InetSocketAddress) echo.getLocalSocketAddress();
        api.podPorts((namespace, pod, port) -> {
            asked.add(namespace + "/" + pod + ":" + port);
            return port == 19530 ? Optional.of(address) : Optional.empty();
        });
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        api.close();
        echo.close();
        threads.shutdownNow();
    }

    private void pod(String name, String phase) {
        api.cluster().create(Cluster.parse("""
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s", "namespace": "%s",
                  "labels": {"app.kubernetes.io/instance": "r", "component": "proxy"}},
                 "spec": {"containers": [{"name": "proxy", "image": "milvusdb/milvus:v2.5.4",
                   "ports": [{"name": "milvus", "containerPort": 19530}, {"name": "metrics", "containerPort": 9091}]}]}}
                """.formatted(name, NS)));
        // What the kubelet writes once the container runs and its readiness probe passes.
        api.cluster().updateStatus("v1", "Pod", NS, name, p -> {
            p.putObject("status").put("phase", phase).putArray("conditions").addObject().put("type", "Ready").put("status", "Running".equals(phase)
                    ? "True" : "False");
            return p;
        });
    }

    private void service() {
        api.cluster().create(Cluster.parse("""
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "r-milvus", "namespace": "%s"},
                 "spec": {"selector": {"app.kubernetes.io/instance": "r", "component": "proxy"},
                   "ports": [{"name": "milvus", "port": 19530, "targetPort": "milvus"},
                             {"name": "grpc-by-number", "port": 80, "targetPort": 19530}]}}
                """.formatted(NS)));
    }

    /** Sends {@code payload} on a fresh connection to the forward and returns what comes back once the server echoed it all. */
    private static byte[] roundTrip(LocalPortForward forward, byte[] payload) throws Exception {
        try (Socket s = new Socket("127.0.0.1", forward.getLocalPort())) {
            s.setSoTimeout(20_000);
            // Writes from another thread: a megabyte would fill both directions' buffers if written before reading.
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    s.getOutputStream().write(payload);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] back = s.getInputStream().readNBytes(payload.length);
            sent.get(20, TimeUnit.SECONDS);
            return back;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPodPortRoundTripsBytesOverSeveralConnectionsInARowAndInParallel() throws Exception {
        pod("r-milvus-proxy-0", "Running");
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("r-milvus-proxy-0").portForward(19530)) {
            for (int i = 0; i < 3; i++) assertThat(roundTrip(forward, bytes("hello " + i))).asString().isEqualTo("hello " + i);

            List<CompletableFuture<String>> parallel = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String text = "parallel " + i + " " + "x".repeat(i * 1000);
                parallel.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(roundTrip(forward, bytes(text)), StandardCharsets.UTF_8);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            for (int i = 0; i < 8; i++) assertThat(parallel.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("parallel " + i + " " + "x".repeat(i * 1000));

            byte[] megabyte = new byte[1 << 20];
            new Random(15).nextBytes(megabyte);
            assertThat(roundTrip(forward, megabyte)).isEqualTo(megabyte);
            assertThat(forward.errorOccurred()).as("%s", forward.getServerThrowables()).isFalse();
        }
        assertThat(asked).hasSize(12).containsOnly(NS + "/r-milvus-proxy-0:19530");
        // Counted and recorded as any request, for tests that count what a client asks.
        assertThat(api.recentRequests()).contains("GET /api/v1/namespaces/milvus/pods/r-milvus-proxy-0/portforward?ports=19530");
    }

    @Test
    void aServiceForwardsToAPodBehindItsSelectorWithTheTargetPortByNameOrByNumber() throws Exception {
        pod("r-milvus-proxy-0", "Running");
        service();
        // targetPort by name: fabric8 does not resolve names, it forwards to the pod port numbered as the service port.
        try (LocalPortForward forward = client.services().inNamespace(NS).withName("r-milvus").portForward(19530)) {
            assertThat(roundTrip(forward, bytes("by name"))).asString().isEqualTo("by name");
        }
        // targetPort by number: service port 80 reaches pod port 19530.
        try (LocalPortForward forward = client.services().inNamespace(NS).withName("r-milvus").portForward(80)) {
            assertThat(roundTrip(forward, bytes("by number"))).asString().isEqualTo("by number");
        }
        assertThat(asked).containsExactly(NS + "/r-milvus-proxy-0:19530", NS + "/r-milvus-proxy-0:19530");
    }

    /** What a user of the forward sees when the stream fails: the local connection ends (no hang), and fabric8 keeps the error. */
    private static String failure(LocalPortForward forward) throws Exception {
        try (Socket s = new Socket("127.0.0.1", forward.getLocalPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(bytes("anyone there?"));
            InputStream in = s.getInputStream();
            // fabric8 closes its end with our bytes unread, so the end is a reset as often as an end of stream; a timeout would be a hang.
            try {
                assertThat(in.read()).as("the local connection ends").isEqualTo(-1);
            } catch (SocketException e) {
                assertThat(e).isNotInstanceOf(SocketTimeoutException.class).hasMessageContaining("reset");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (forward.getServerThrowables().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(forward.errorOccurred()).isTrue();
        // The chain: fabric8 wraps a refused handshake in an exception whose own message is empty.
        StringBuilder chain = new StringBuilder();
        for (Throwable t = forward.getServerThrowables().iterator().next(); t != null; t = t.getCause()) chain.append(t).append('\n');
        return chain.toString();
    }

    @Test
    void aMissingPodIsA404BeforeAnyUpgrade() throws Exception {
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("gone").portForward(19530)) {
            assertThat(failure(forward)).contains("404");
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void aPortNothingListensOnIsTheKubeletsConnectionRefused() throws Exception {
        pod("r-milvus-proxy-0", "Running");
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("r-milvus-proxy-0").portForward(9091)) {
            assertThat(failure(forward)).contains("error forwarding port 9091 to pod r-milvus-proxy-0, uid ").contains("connection refused");
        }
    }

    @Test
    void aPodThatIsNotRunningRefusesTheForward() throws Exception {
        pod("r-milvus-proxy-0", "Pending");
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("r-milvus-proxy-0").portForward(19530)) {
            assertThat(failure(forward)).contains("error forwarding port 19530 to pod r-milvus-proxy-0").contains("not running");
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void theInterceptorCanFailAPortForwardAsAnyRequest() throws Exception {
        pod("r-milvus-proxy-0", "Running");
        api.intercept(new ApiServer.Interceptor() {
            @Override
            public int before(String method, String path) {
                return path.endsWith("/portforward") ? 503 : 0;
            }
        });
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("r-milvus-proxy-0").portForward(19530)) {
            assertThat(failure(forward)).contains("503");
        }
    }

    @Test
    void closingTheApiServerEndsAnOpenForward() throws Exception {
        pod("r-milvus-proxy-0", "Running");
        try (LocalPortForward forward = client.pods().inNamespace(NS).withName("r-milvus-proxy-0").portForward(19530);
                Socket s = new Socket("127.0.0.1", forward.getLocalPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(bytes("ping"));
            assertThat(s.getInputStream().readNBytes(4)).asString().isEqualTo("ping");
            api.close();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void plainRequestsStillWorkThroughTheFrontDoorOnOneKeptAliveConnection() throws Exception {
        pod("r-milvus-proxy-0", "Running");
        long before = api.requests();
        for (int i = 0; i < 50; i++) assertThat(client.pods().inNamespace(NS).withName("r-milvus-proxy-0").get()).isNotNull();
        assertThat(api.requests() - before).isEqualTo(50);
        try (Socket s = new Socket("127.0.0.1", Integer.parseInt(api.url().substring(api.url().lastIndexOf(':') + 1)))) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 2; i++) {
                out.write(bytes("GET /version HTTP/1.1\r\nHost: x\r\n\r\n"));
                String head = readHead(in);
                assertThat(head).startsWith("HTTP/1.1 200");
                int length = Integer.parseInt(head.lines().filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst().orElseThrow()
                        .substring("content-length:".length()).strip());
                assertThat(new String(in.readNBytes(length), StandardCharsets.UTF_8)).contains("gitVersion");
            }
        }
    }

    /**
     * kubectl's own port-forward speaks SPDY (1.20: a SPDY/3.1 upgrade; 1.32: SPDY tunnelled in a WebSocket with the
     * sub-protocol SPDY/3.1+portforward.k8s.io, then plain SPDY as its fallback). The emulator serves fabric8's
     * protocol only: kubectl must stop with the emulator's sentence rather than hang.
     */
    @ParameterizedTest
    @MethodSource("io.milvusgitops.simulator.kube.KubectlTest#kubectls")
    void kubectlsOwnPortForwardStopsWithAClearErrorInsteadOfHanging(Path kubectl, @TempDir Path dir) throws Exception {
        pod("r-milvus-proxy-0", "Running");
        Path kubeconfig = api.kubeconfig(dir.resolve("kubeconfig"), "sim");
        ProcessBuilder pb = new ProcessBuilder(kubectl.toString(), "--kubeconfig", kubeconfig.toString(), "-n", NS, "port-forward",
                "pod/r-milvus-proxy-0", ":19530").redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl port-forward still runs after 30 s: " + new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isNotZero();
        // 1.32's WebSocket attempt is refused for its sub-protocol; its SPDY fallback, as 1.20's only try, for being SPDY.
        assertThat(out).contains("error upgrading connection").contains("SPDY upgrades are not supported");
        assertThat(api.recentRequests()).contains("POST /api/v1/namespaces/milvus/pods/r-milvus-proxy-0/portforward");
        assertThat(asked).isEmpty();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new IOException("ended within a head: " + sb);
            sb.append((char) c);
        }
        return sb.toString();
    }
}
