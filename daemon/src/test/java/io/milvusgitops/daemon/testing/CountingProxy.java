package io.milvusgitops.daemon.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback TCP proxy that counts the bytes in both directions: what a poll costs on the wire. */
public final class CountingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    public CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "counting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public long bytes() {
        return up.get() + down.get();
    }

    public long connections() {
        return connections.get();
    }

    public void reset() {
        up.set(0);
        down.set(0);
        connections.set(0);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                connections.incrementAndGet();
                pipe(client.getInputStream(), target.getOutputStream(), up, client, target);
                pipe(target.getInputStream(), client.getOutputStream(), down, client, target);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(InputStream in, OutputStream out, AtomicLong counter, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    counter.addAndGet(n);
                }
            } catch (IOException ignored) {
                // the other side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "counting-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
