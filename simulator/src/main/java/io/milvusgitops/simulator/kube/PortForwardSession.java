package io.milvusgitops.simulator.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One port-forward stream after the WebSocket handshake, in the kubelet's {@code v4.channel.k8s.io} framing for a
 * single port: every message starts with its channel byte, 0 for data and 1 for errors. The kubelet first sends
 * each channel's port number (2 bytes, little-endian) — fabric8 skips exactly those two messages — then pipes the
 * data both ways; a failure to reach the port is one text message on channel 1, and the stream ends.
 *
 * @param pod the pod as stored (its uid and phase word the kubelet's errors)
 */
record PortForwardSession(WebSocket socket, Pod pod, int port, PodPorts ports) {

    private static final int DATA = 0;
    private static final int ERROR = 1;
    /** Bytes per data message out: well under Vert.x's default 64 KB frame limit. */
    private static final int CHUNK = 16 * 1024;

    /** What the session needs of the pod object. */
    record Pod(String namespace, String name, String uid, String phase) {
    }

    /** Runs until either side ends the stream; the caller closes the client's socket afterwards. */
    void run() throws IOException {
        socket.sendBinary(portMessage(DATA), 0, 3);
        socket.sendBinary(portMessage(ERROR), 0, 3);
        if (!"Running".equals(pod.phase())) {
            fail("the pod is not running (phase " + (pod.phase().isEmpty() ? "unknown" : pod.phase()) + ")");
            return;
        }
        Optional<InetSocketAddress> address = ports.backend(pod.namespace(), pod.name(), port);
        if (address.isEmpty()) {
            fail("failed to connect to localhost:" + port + " inside the pod's network namespace: connection refused");
            return;
        }
        try (Socket backend = new Socket()) {
            try {
                backend.setTcpNoDelay(true);
                backend.connect(address.get(), 5_000);
            } catch (IOException e) {
                fail("failed to connect to localhost:" + port + " inside the pod's network namespace: " + e.getMessage());
                return;
            }
            Thread pump = Thread.ofVirtual().name("port-forward-out-" + port).start(() -> toClient(backend));
            try {
                toBackend(backend.getOutputStream());
            } finally {
                backend.close(); // ends the pump, whichever side stopped first
                pump.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Client messages on channel 0 to the backend, until the client closes (or the backend goes away). */
    private void toBackend(OutputStream backend) throws IOException {
        for (Optional<byte[]> m = socket.read(); m.isPresent(); m = socket.read()) {
            byte[] message = m.get();
            if (message.length == 0 || message[0] != DATA) {
                socket.close(WebSocket.PROTOCOL_ERROR, "data goes on channel 0");
                return;
            }
            try {
                backend.write(message, 1, message.length - 1);
            } catch (IOException e) {
                return; // the backend closed: the pump has told the client already
            }
        }
    }

    /** Backend bytes to the client as channel-0 messages; at the backend's end of stream the kubelet closes the stream. */
    private void toClient(Socket backend) {
        byte[] buf = new byte[1 + CHUNK];
        buf[0] = DATA;
        try {
            InputStream in = backend.getInputStream();
            for (int n; (n = in.read(buf, 1, CHUNK)) >= 0; ) socket.sendBinary(buf, 0, 1 + n);
        } catch (IOException e) {
            // The backend was closed under us (the client ended the stream) or reset: either way the stream ends.
        }
        socket.close(WebSocket.NORMAL, "");
    }

    /** The kubelet's error sentence on channel 1, then the end of the stream. */
    private void fail(String cause) throws IOException {
        String text = "error forwarding port " + port + " to pod " + pod.name() + ", uid " + pod.uid() + ": " + cause;
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[1 + body.length];
        message[0] = ERROR;
        System.arraycopy(body, 0, message, 1, body.length);
        socket.sendBinary(message, 0, message.length);
        socket.close(WebSocket.NORMAL, "");
    }

    private byte[] portMessage(int channel) {
        return new byte[] {(byte) channel, (byte) port, (byte) (port >> 8)};
    }
}
