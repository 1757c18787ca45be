package io.milvusgitops.daemon.testing;

import io.etcd.jetcd.Client;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real etcd server (Debian's etcd-server) on free loopback ports with a temporary data directory. */
public final class EtcdServer implements AutoCloseable {

    private final Path dataDir;
    private final int clientPort;
    private final Process process;
    private final Client client;

    private EtcdServer(Path dataDir, int clientPort, Process process) {
        this.dataDir = dataDir;
        this.clientPort = clientPort;
        this.process = process;
        this.client = Client.builder().endpoints(endpoint()).build();
    }

    public static EtcdServer start(Path dir) throws IOException, InterruptedException {
        String etcd = Tools.require("etcd", "etcd-server");
        int client = Tools.freePort();
        int peer = Tools.freePort();
        Path data = Files.createDirectories(dir.resolve("etcd-data"));
        Process p = new ProcessBuilder(List.of(etcd, "--name", "t", "--data-dir", data.toString(),
                "--listen-client-urls", "http://127.0.0.1:" + client, "--advertise-client-urls", "http://127.0.0.1:" + client,
                "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-cluster", "t=http://127.0.0.1:" + peer, "--log-level", "error"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        Tools.awaitPort(client, p);
        return new EtcdServer(data, client, p);
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
}
