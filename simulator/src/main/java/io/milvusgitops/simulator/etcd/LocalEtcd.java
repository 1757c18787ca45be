package io.milvusgitops.simulator.etcd;

import io.etcd.jetcd.Client;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A real etcd server (Debian's etcd-server) on free loopback ports with its data under a given directory. */
public final class LocalEtcd implements AutoCloseable {

    /** What to do when the binary is missing: said by the demo and by every test that needs etcd. */
    public static final String HOW_TO_GET = "etcd is not installed: run bin/setup, or apt-get install etcd-server";

    private final int clientPort;
    private final Process process;
    private final Client client;

    private LocalEtcd(int clientPort, Process process) {
        this.clientPort = clientPort;
        this.process = process;
        this.client = Client.builder().endpoints(endpoint()).build();
    }

    /** Starts etcd with its data and log in {@code dir}; fails with {@link #HOW_TO_GET} when there is no etcd binary. */
    public static LocalEtcd start(Path dir) throws IOException, InterruptedException {
        String etcd = binary().orElseThrow(() -> new IllegalStateException(HOW_TO_GET));
        int client = freePort();
        int peer = freePort();
        Path data = Files.createDirectories(dir.resolve("etcd-data"));
        Process p = new ProcessBuilder(List.of(etcd, "--name", "t", "--data-dir", data.toString(),
                "--listen-client-urls", "http://127.0.0.1:" + client, "--advertise-client-urls", "http://127.0.0.1:" + client,
                "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-cluster", "t=http://127.0.0.1:" + peer, "--log-level", "error"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        awaitPort(client, p, dir.resolve("etcd.log"));
        return new LocalEtcd(client, p);
    }

    /** {@code etcd} on the PATH, or where Debian puts it. */
    public static Optional<String> binary() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)), Stream.of("/usr/bin", "/usr/sbin"))
                .map(d -> Path.of(d, "etcd")).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public Client client() {
        return client;
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
        process.destroy();
        process.waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process process, Path log) throws InterruptedException, IOException {
        for (int i = 0; i < 200; i++) {
            if (!process.isAlive()) throw new IOException("etcd exited at start-up: see " + log);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroy();
        throw new IOException("etcd did not listen on 127.0.0.1:" + port + " within 10 s: see " + log);
    }
}
