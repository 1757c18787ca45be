package io.milvusgitops.daemon.testing;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import io.etcd.jetcd.Client;
import io.milvusgitops.simulator.milvus.MilvusAnswers;
import io.milvusgitops.simulator.milvus.MilvusStandIn;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A Milvus Compose project brought up by the real {@code docker-compose} (v1, Debian's docker-compose)
 * from a file laid out as Milvus's own docker-compose.yml: the REAL etcd (its client port published on
 * loopback, so the test and the daemon reach it), a fake MinIO, and fake Milvus components with
 * init, a healthcheck, a restart policy, environment (a secret among it), a named volume and a bind
 * mount. Each test gets its own project name; {@link #close()} removes all of it.
 */
public final class ComposeProject implements AutoCloseable {

    private final String name;
    private final Path dir;
    private final Path file;
    private final MilvusAnswers answers;
    private final MilvusStandIn grpc;
    private Client etcd;
    private String etcdAt;

    private ComposeProject(String name, Path dir, Path file, MilvusAnswers answers, MilvusStandIn grpc) {
        this.name = name;
        this.dir = dir;
        this.file = file;
        this.answers = answers;
        this.grpc = grpc;
    }

    /** A standalone Milvus: {@code container_name: <project>-standalone}, as Milvus's file names it {@code milvus-standalone}. */
    public static ComposeProject standalone(Path dir, String prefix, String version) throws IOException {
        return write(dir, prefix, """
                  standalone:
                    container_name: %1$s-standalone
                    image: milvusdb/milvus:v%2$s   # the Milvus release this site runs
                %3$s
                    security_opt:
                      - seccomp:unconfined
                    ports:
                      - "127.0.0.1::19530"
                    command: ["milvus", "run", "standalone"]
                """, version, List.of("standalone"));
    }

    /** A cluster of the given components, named by Compose ({@code <project>_<service>_1}). */
    public static ComposeProject cluster(Path dir, String prefix, String version, List<String> components) throws IOException {
        StringBuilder services = new StringBuilder();
        for (String c : components) {
            services.append("""
                      %1$s:
                        image: 'milvusdb/milvus:v%%2$s'
                        command: ["milvus", "run", "%1$s"]
                    %%3$s
                    """.formatted(c));
            if (c.equals("proxy")) services.append("    ports:\n      - \"127.0.0.1::19530\"\n");
        }
        return write(dir, prefix, services.toString(), version, components);
    }

    private static ComposeProject write(Path dir, String prefix, String services, String version, List<String> components) throws IOException {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        // The fake Milvus relays its gRPC port to this stand-in (all interfaces: containers come through their network's gateway).
        MilvusAnswers answers = new MilvusAnswers();
        MilvusStandIn grpc = new MilvusStandIn(new InetSocketAddress(0), () -> entryVersion(name), answers);
        String common = """
                    init: true
                    restart: unless-stopped
                    environment:
                      MILVUS_STANDIN_PORT: "%d"
                      ETCD_ENDPOINTS: etcd:2379
                      MINIO_ADDRESS: minio:9000
                      MINIO_SECRET_KEY: s3cr3t-never-logged
                    volumes:
                      - ${DOCKER_VOLUME_DIRECTORY:-.}/user.yaml:/milvus/configs/user.yaml:ro
                    healthcheck:
                      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:9091/healthz"]
                      interval: 1s
                      timeout: 2s
                      retries: 3
                    depends_on:
                      - etcd
                      - minio
                """.formatted(grpc.port());
        String milvus = services.formatted(name, version, common.stripTrailing());
        if (components.contains("standalone")) {
            milvus = milvus.replace("      - ${DOCKER_VOLUME_DIRECTORY:-.}/user.yaml", "      - milvus:/var/lib/milvus\n      - ${DOCKER_VOLUME_DIRECTORY:-.}/user.yaml");
        }
        String yaml = """
                # Milvus with Docker Compose, as an edge site runs it.
                version: "3.7"

                services:
                  etcd:
                    container_name: %1$s-etcd
                    image: quay.io/coreos/etcd:v3.4.23
                    command: etcd --name default --data-dir /etcd --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://etcd:2379
                    restart: unless-stopped
                    ports:
                      - "127.0.0.1::2379"   # the daemon backs up the metadata through it
                    volumes:
                      - etcd:/etcd

                  minio:
                    container_name: %1$s-minio
                    image: minio/minio:RELEASE.2023-03-20T20-16-18Z
                    command: minio server /minio_data
                    init: true
                    restart: unless-stopped

                %2$s
                volumes:
                  etcd: {}
                  milvus: {}

                networks:
                  default:
                    name: %1$s
                """.formatted(name, milvus);
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("user.yaml"), "# user settings of Milvus\n");
        Path f = Files.writeString(d.resolve("docker-compose.yml"), yaml);
        return new ComposeProject(name, d, f, answers, grpc);
    }

    /** The tag of the image the running standalone (or proxy) container runs: what its gRPC port answers GetVersion with. */
    private static Optional<String> entryVersion(String project) {
        for (var c : DockerEngine.client().listContainersCmd().withLabelFilter(Map.of("com.docker.compose.project", project)).exec()) {
            String service = c.getLabels().getOrDefault("com.docker.compose.service", "");
            if ((service.equals("standalone") || service.equals("proxy")) && c.getImage().contains(":")) {
                return Optional.of(c.getImage().substring(c.getImage().lastIndexOf(':') + 1));
            }
        }
        return Optional.empty();
    }

    /** What this project's Milvus answers through the SDK beyond its version: tests turn it wrong. */
    public MilvusAnswers milvus() {
        return answers;
    }

    /** Every service with this restart policy instead of {@code unless-stopped} (before {@link #up()}). */
    public ComposeProject restart(String policy) throws IOException {
        Files.writeString(file, Files.readString(file).replace("restart: unless-stopped", "restart: " + policy));
        return this;
    }

    /** {@code docker-compose up -d}, then waits until every container runs and every healthcheck passes. */
    public ComposeProject up() throws IOException, InterruptedException {
        compose("up", "-d");
        awaitHealthy(Duration.ofSeconds(60));
        return this;
    }

    public String compose(String... args) throws IOException, InterruptedException {
        String[] command = new String[4 + args.length];
        command[0] = Tools.require("docker-compose", "docker-compose");
        command[1] = "-p";
        command[2] = name;
        command[3] = "--file=" + file;
        System.arraycopy(args, 0, command, 4, args.length);
        return Tools.run(dir, Map.of(), command);
    }

    public void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, InspectContainerResponse> all = containers();
            boolean ok = !all.isEmpty() && all.values().stream().allMatch(c -> Boolean.TRUE.equals(c.getState().getRunning())
                    && (c.getState().getHealth() == null || "healthy".equals(c.getState().getHealth().getStatus())));
            if (ok) return;
            if (System.nanoTime() > deadline) fail("project " + name + " not healthy after " + timeout + ": " + states(all));
            Thread.sleep(200);
        }
    }

    private static Map<String, String> states(Map<String, InspectContainerResponse> all) {
        Map<String, String> out = new TreeMap<>();
        all.forEach((n, c) -> out.put(n, c.getState().getStatus() + (c.getState().getHealth() == null ? "" : "/" + c.getState().getHealth().getStatus())));
        return out;
    }

    /** Every container of the project (running or not), inspected, by name. */
    public Map<String, InspectContainerResponse> containers() {
        DockerClient d = DockerEngine.client();
        Map<String, InspectContainerResponse> out = new TreeMap<>();
        for (var c : d.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("com.docker.compose.project", name)).exec()) {
            InspectContainerResponse i = d.inspectContainerCmd(c.getId()).exec();
            out.put(i.getName().substring(1), i);
        }
        return out;
    }

    /** The REAL etcd of the project, through the port it publishes on loopback (a new one after a Docker restart). */
    public synchronized Client etcd() {
        String endpoint = etcdEndpoint();
        if (!endpoint.equals(etcdAt)) {
            if (etcd != null) etcd.close();
            etcd = Client.builder().endpoints(endpoint).build();
            etcdAt = endpoint;
        }
        return etcd;
    }

    public String etcdEndpoint() {
        var ports = containers().get(name + "-etcd").getNetworkSettings().getPorts().getBindings();
        var binding = ports.get(ExposedPort.tcp(2379))[0];
        return "http://127.0.0.1:" + binding.getHostPortSpec();
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        grpc.close();
        if (etcd != null) etcd.close();
        DockerEngine.removeProject(name);
    }
}
