package io.milvusgitops.simulator.kube;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's public port. The JDK's HttpServer cannot answer a WebSocket upgrade (it never hands over the
 * connection), so this socket reads the head of each connection's first request: a pod port-forward it serves
 * itself ({@link PortForwards}); anything else it relays byte for byte to the HttpServer on another loopback
 * port, which then sees the whole connection — keep-alive requests and chunked watches included. A connection
 * is routed once, on its first request: clients open a fresh connection for every upgrade.
 */
final class FrontDoor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrontDoor.class);
    /** The JDK HttpServer's own default bound on a request head is of this order; no client here sends more. */
    private static final int HEAD_LIMIT = 16 * 1024;
    /** A connection that sends no request within this long is dropped, as an idle server would. */
    private static final int HEAD_TIMEOUT_MS = 30_000;

    private final ServerSocket socket;
    private final InetSocketAddress backend;
    private final PortForwards portForwards;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    FrontDoor(InetSocketAddress backend, PortForwards portForwards, ExecutorService threads) {
        this.backend = backend;
        this.portForwards = portForwards;
        this.threads = threads;
        try {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a local port for the emulated API server: " + e.getMessage(), e);
        }
        threads.execute(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!socket.isClosed()) LOG.warn("emulated API server: accepting a connection failed: {}", e.getMessage());
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            // Answers go out in small writes (a frame, a relayed chunk): without TCP_NODELAY each would wait on delayed ACKs.
            client.setTcpNoDelay(true);
            client.setSoTimeout(HEAD_TIMEOUT_MS);
            Optional<RequestHead> head;
            try {
                head = RequestHead.read(client.getInputStream(), HEAD_LIMIT);
            } catch (RequestHead.TooLarge e) {
                client.getOutputStream().write("HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (head.isEmpty()) return;
            if (portForwards.serves(head.get())) portForwards.serve(head.get(), client);
            else relay(head.get(), client);
        } catch (SocketTimeoutException e) {
            LOG.debug("emulated API server: a connection sent no request in time");
        } catch (IOException e) {
            LOG.debug("emulated API server: a connection ended: {}", e.getMessage());
        } finally {
            open.remove(client);
        }
    }

    /**
     * Replays the head (and whatever else was read), then copies both ways. The HttpServer ending its side ends the
     * connection; the client ending its side only half-closes, so an answer in flight still reaches it.
     */
    private void relay(RequestHead head, Socket client) throws IOException {
        try (Socket server = new Socket()) {
            server.setTcpNoDelay(true);
            server.connect(backend, 5_000);
            server.getOutputStream().write(head.raw());
            client.setSoTimeout(0); // a watch may stay quiet for minutes
            threads.execute(() -> {
                try {
                    client.getInputStream().transferTo(server.getOutputStream());
                    server.shutdownOutput();
                } catch (IOException e) {
                    closeQuietly(server); // the client reset: nothing more will be asked on this connection
                }
            });
            copy(server.getInputStream(), client.getOutputStream());
        }
    }

    private static void copy(InputStream from, OutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            // either side went away: the connection is over
        }
    }

    private static void closeQuietly(Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing: nothing to report
        }
    }

    /** Stops accepting and ends every open connection (forwarded streams and relays with them). */
    @Override
    public void close() {
        closeQuietly(socket);
        open.forEach(FrontDoor::closeQuietly);
    }
}
