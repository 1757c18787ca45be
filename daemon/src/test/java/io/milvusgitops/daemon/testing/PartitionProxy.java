package io.milvusgitops.daemon.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy that can cut the network the way a partition does: connections stay open but every byte is
 * dropped, so calls hang instead of failing fast (a closed port would be a different, easier failure).
 */
public final class PartitionProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean partitioned;

    public PartitionProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "partition-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on nothing gets through, in either direction, on open or new connections. */
    public void partition() {
        partitioned = true;
    }

    /** Ends the partition. The connections it cut mid-stream are closed, as a peer's timeout would; new ones work. */
    public void heal() {
        partitioned = false;
        open.forEach(PartitionProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                pipe(client.getInputStream(), target.getOutputStream(), client, target);
                pipe(target.getInputStream(), client.getOutputStream(), client, target);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (partitioned) continue;
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the other side closed
            } finally {
                closeQuietly(a);
                closeQuietly(b);
                open.remove(a);
                open.remove(b);
            }
        }, "partition-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(PartitionProxy::closeQuietly);
    }
}
