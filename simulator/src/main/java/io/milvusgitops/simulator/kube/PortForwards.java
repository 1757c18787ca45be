package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of {@code /api/v1/namespaces/<ns>/pods/<pod>/portforward}: answers the request as the API server
 * would (a {@code Status} for a missing pod, a bad port, a refused upgrade) or completes the WebSocket handshake
 * with the sub-protocol fabric8 offers and hands the stream to a {@link PortForwardSession}. Only WebSocket is
 * spoken: kubectl's SPDY (plain, or tunnelled as {@code SPDY/3.1+portforward.k8s.io}) gets a 400 it reports.
 */
final class PortForwards {

    static final String PROTOCOL = "v4.channel.k8s.io";
    private static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/(?<ns>[^/]+)/pods/(?<pod>[^/]+)/portforward$");

    /** The API server's bookkeeping for a request it serves: counts and records it; 0 to go on, or the status a test's fault asks for. */
    @FunctionalInterface
    interface Admission {
        int admit(String method, String target, String path);
    }

    private final Cluster cluster;
    private final Admission admission;
    private final Supplier<PodPorts> ports;

    PortForwards(Cluster cluster, Admission admission, Supplier<PodPorts> ports) {
        this.cluster = cluster;
        this.admission = admission;
        this.ports = ports;
    }

    boolean serves(RequestHead head) {
        return PATH.matcher(head.path()).matches();
    }

    /** Serves the request on {@code client}, which the caller closes afterwards. */
    void serve(RequestHead head, Socket client) throws IOException {
        Matcher m = PATH.matcher(head.path());
        if (!m.matches()) throw new IllegalArgumentException("not a port-forward path: " + head.path());
        OutputStream out = client.getOutputStream();
        int fault = admission.admit(head.method(), head.target(), head.path());
        if (fault != 0) {
            status(out, ApiException.injected(fault));
            return;
        }
        ResourceType pods = cluster.registry().byKind("v1", "Pod").orElseThrow();
        Optional<ObjectNode> pod = cluster.store().get(pods, m.group("ns"), m.group("pod"));
        if (pod.isEmpty()) {
            status(out, ApiException.notFound(pods, m.group("pod")));
            return;
        }
        if (!head.method().equals("GET") || !head.lists("upgrade", "websocket") || !head.lists("connection", "upgrade")) {
            status(out, ApiException.badRequest("emulator: port-forward is served over WebSocket only (sub-protocol " + PROTOCOL
                    + ", as fabric8 asks); SPDY upgrades are not supported"));
            return;
        }
        if (!head.lists("sec-websocket-protocol", PROTOCOL)) {
            status(out, ApiException.badRequest("emulator: port-forward speaks the WebSocket sub-protocol " + PROTOCOL + " only; the client offered "
                    + head.header("sec-websocket-protocol").orElse("none")));
            return;
        }
        Optional<String> key = head.header("sec-websocket-key");
        if (key.isEmpty() || !head.lists("sec-websocket-version", "13")) {
            status(out, ApiException.badRequest("a WebSocket upgrade needs Sec-WebSocket-Key and Sec-WebSocket-Version: 13"));
            return;
        }
        int port;
        try {
            port = port(ApiServer.query(head.query()).getOrDefault("ports", ""));
        } catch (ApiException e) {
            status(out, e);
            return;
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + WebSocket.accept(key.get()) + "\r\nSec-WebSocket-Protocol: " + PROTOCOL + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // Bytes read past the head would be frames sent before the 101, which a client must not send: none to replay.
        WebSocket socket = new WebSocket(client.getInputStream(), out);
        client.setSoTimeout(0); // a forwarded connection may sit idle for as long as its user likes
        ObjectNode o = pod.get();
        new PortForwardSession(socket, new PortForwardSession.Pod(m.group("ns"), m.group("pod"), o.path("metadata").path("uid").asText(),
                o.path("status").path("phase").asText("")), port, ports.get()).run();
        client.setSoTimeout(2_000);
        socket.awaitClientClose();
    }

    /** The one port of {@code ?ports=}: fabric8 forwards one port per stream; several would need channel pairs 2 and 3 onwards. */
    private static int port(String ports) {
        List<String> listed = List.of(ports.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (listed.isEmpty()) throw ApiException.badRequest("query parameter \"ports\" is required");
        if (listed.size() > 1) throw ApiException.badRequest("emulator: one port per port-forward stream; " + ports + " names " + listed.size());
        try {
            int port = Integer.parseInt(listed.get(0));
            if (port > 0 && port < 65536) return port;
        } catch (NumberFormatException e) {
            // worded below
        }
        throw ApiException.badRequest("unable to parse \"" + listed.get(0) + "\" as a port: it must be a number from 1 to 65535");
    }

    /** A {@code Status} answer, and the connection ends (no keep-alive after a refused upgrade). */
    private static void status(OutputStream out, ApiException e) throws IOException {
        byte[] body = ApiServer.bytes(e.status());
        out.write(("HTTP/1.1 " + e.code + " " + reasonPhrase(e.code) + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String reasonPhrase(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
