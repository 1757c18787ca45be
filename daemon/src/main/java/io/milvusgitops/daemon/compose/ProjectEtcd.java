package io.milvusgitops.daemon.compose;

import io.etcd.jetcd.Client;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The etcd of a Compose project, as the daemon reaches it. Milvus reaches it on the project's
 * network ({@code ETCD_ENDPOINTS=etcd:2379}); the daemon usually is not on that network, so it uses,
 * in this order: the endpoints configured for the Docker host, else the port the etcd container
 * publishes on the Docker host (the address of a {@code tcp://} host, loopback for a unix socket).
 */
final class ProjectEtcd implements AutoCloseable {

    /** The daemon cannot reach the project's etcd; the message says how to make it reachable. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    private final String dockerHost;
    private final List<String> configured;
    private final Clock clock;
    /** Per project: the endpoints in use and their client. A published port changes when Docker restarts the etcd container. */
    private final Map<String, Map.Entry<String, Client>> clients = new ConcurrentHashMap<>();

    ProjectEtcd(String dockerHost, List<String> configured, Clock clock) {
        this.dockerHost = dockerHost;
        this.configured = List.copyOf(configured);
        this.clock = clock;
    }

    EtcdMetadata metadata(ObservedProject p) throws Unreachable {
        List<String> endpoints = configured.isEmpty() ? List.of(published(p)) : configured;
        String key = String.join(",", endpoints);
        Map.Entry<String, Client> c = clients.compute(p.project(), (project, old) -> {
            if (old != null && old.getKey().equals(key)) return old;
            if (old != null) old.getValue().close();
            return Map.entry(key, Client.builder().endpoints(endpoints.toArray(String[]::new)).build());
        });
        return new EtcdMetadata(c.getValue(), Duration.ofSeconds(30), clock);
    }

    /** {@code http://<host>:<published port>} of the container Milvus calls etcd. */
    String published(ObservedProject p) throws Unreachable {
        String used = p.etcdEndpoints().stream().findFirst().orElse("etcd:2379").replaceFirst("^https?://", "");
        String name = used.contains(":") ? used.substring(0, used.lastIndexOf(':')) : used;
        int port;
        try {
            port = used.contains(":") ? Integer.parseInt(used.substring(used.lastIndexOf(':') + 1)) : 2379;
        } catch (NumberFormatException e) {
            throw new Unreachable("Milvus of project " + p.project() + " names etcd as '" + used + "', which has no port number: correct "
                    + "ETCD_ENDPOINTS of its containers (e.g. etcd:2379)");
        }
        Optional<ProjectContainer> etcd = p.containers().stream().filter(c -> c.service().equals(name) || c.name().equals(name)
                || c.networks().values().stream().anyMatch(a -> a.contains(name))).findFirst()
                .or(() -> p.dependencies().stream().filter(c -> c.dependency().orElseThrow() == ProjectContainer.Dependency.ETCD).findFirst());
        String fix = "publish its client port on the Docker host (ports: [\"127.0.0.1:2379:" + port + "\"]) or configure the etcd endpoints of "
                + dockerHost + " for the daemon";
        if (etcd.isEmpty()) {
            throw new Unreachable("Milvus of project " + p.project() + " uses etcd at " + used + ", which is no container of the project: " + fix);
        }
        String hostPort = etcd.get().publishedPorts().get(port);
        if (hostPort == null) {
            throw new Unreachable("the etcd of project " + p.project() + " (container " + etcd.get().name() + ") publishes no port for " + port
                    + ", so the daemon cannot back up the metadata: " + fix);
        }
        String address = DockerHosts.reach(dockerHost, hostPort).orElseThrow(() -> new Unreachable("the etcd of project " + p.project()
                + " (container " + etcd.get().name() + ") publishes port " + port + " on the loopback of " + dockerHost
                + " only, out of the daemon's reach: " + fix));
        return "http://" + address;
    }

    @Override
    public void close() {
        clients.values().forEach(c -> c.getValue().close());
        clients.clear();
    }
}
