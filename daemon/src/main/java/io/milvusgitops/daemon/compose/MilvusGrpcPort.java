package io.milvusgitops.daemon.compose;

import io.milvusgitops.daemon.milvus.MilvusProbe;
import io.milvusgitops.policy.target.Component;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where the daemon asks a Compose project's Milvus through the SDK: the host port its standalone (or proxy)
 * container publishes for 19530, as Milvus's own Compose file does ({@code ports: ["19530:19530"]}). Checked
 * before a hop changes anything, so that a project whose smoke test could not ask Milvus does not start one.
 */
final class MilvusGrpcPort {

    private MilvusGrpcPort() {
    }

    /** The address of the entry container's gRPC port, or the sentence that says why the daemon cannot reach it and how to fix it. */
    static Reach of(ObservedProject p, String dockerHost) {
        Component entry = p.entry();
        List<ProjectContainer> candidates = p.of(entry);
        if (candidates.isEmpty()) return new Reach.Unreachable("no " + entry + " container in project " + p.project());
        String fix = "publish its gRPC port on the Docker host as Milvus's Compose file does (ports: [\"19530:19530\"]); the smoke test "
                + "after each hop asks Milvus there";
        for (ProjectContainer c : candidates) {
            String published = c.publishedPorts().get(MilvusProbe.GRPC_PORT);
            if (published == null) continue;
            Optional<String> address = DockerHosts.reach(dockerHost, published);
            if (address.isEmpty()) {
                return new Reach.Unreachable(c.name() + " publishes port " + MilvusProbe.GRPC_PORT + " on the loopback of " + dockerHost
                        + " only, out of the daemon's reach: " + fix);
            }
            String a = address.get();
            int colon = a.lastIndexOf(':');
            return new Reach.Reachable(c.name(), InetSocketAddress.createUnresolved(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
        }
        return new Reach.Unreachable(candidates.getFirst().name() + " publishes no port for " + MilvusProbe.GRPC_PORT + ": " + fix);
    }

    /** Whether and where the daemon reaches Milvus's gRPC port. */
    sealed interface Reach {
        record Reachable(String container, InetSocketAddress address) implements Reach {
        }

        record Unreachable(String why) implements Reach {
        }
    }
}
