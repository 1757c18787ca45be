package io.milvusgitops.daemon.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the daemon reaches a Docker host, a project's etcd and its Milvus; bad addresses fail with the fix. */
class ComposeAddressesTest {

    @Test
    void aDockerHostIsAUnixSocketOrTcp() {
        assertThat(DockerHosts.publishedAddress("unix:///var/run/docker.sock")).isEqualTo("127.0.0.1");
        assertThat(DockerHosts.publishedAddress("tcp://docker-edge.example:2376")).isEqualTo("docker-edge.example");
        assertThatThrownBy(() -> DockerHosts.connect("ssh://edge", Optional.empty(), Duration.ofSeconds(5)))
                .hasMessageContaining("ssh:// and npipe:// are not supported").hasMessageContaining("tcp://HOST:PORT");
        assertThatThrownBy(() -> DockerHosts.connect("tcp://edge", Optional.empty(), Duration.ofSeconds(5)))
                .hasMessageContaining("not a Docker host this daemon can reach");
    }

    @Test
    void tlsNeedsTheThreeFilesOfDockerCertPath(@TempDir Path certs) throws Exception {
        Files.writeString(certs.resolve("ca.pem"), "x");
        assertThatThrownBy(() -> DockerHosts.connect("tcp://docker-edge.example:2376", Optional.of(certs), Duration.ofSeconds(5)))
                .hasMessageContaining("has no readable cert.pem").hasMessageContaining("ca.pem, cert.pem and key.pem");
        assertThatThrownBy(() -> DockerHosts.connect("unix:///var/run/docker.sock", Optional.of(certs), Duration.ofSeconds(5)))
                .hasMessageContaining("TLS certificates are for tcp:// Docker hosts");
    }

    static ObservedProject project(Map<Integer, String> etcdPorts) {
        ProjectContainer etcd = container("p-etcd", "etcd", Optional.empty(), Optional.of(ProjectContainer.Dependency.ETCD),
                "quay.io/coreos/etcd:v3.5.5", List.of(), etcdPorts);
        ProjectContainer milvus = container("p-standalone", "standalone", Optional.of(Component.STANDALONE), Optional.empty(),
                "milvusdb/milvus:v2.2.9", List.of("etcd:2379"), Map.of());
        return new ObservedProject("p", List.of(etcd, milvus));
    }

    static ProjectContainer container(String name, String service, Optional<Component> c, Optional<ProjectContainer.Dependency> d,
                                      String image, List<String> etcd, Map<Integer, String> ports) {
        return new ProjectContainer(name + "-id-0123456789", name, service, c, d, image, Image.parse(image).version(), "running",
                Optional.empty(), 0, 0, etcd, Map.of("p", List.of(service)), List.of(), ports, Optional.empty(), Optional.empty());
    }

    @Test
    void theDaemonReachesTheProjectsEtcdThroughThePortItPublishes() throws Exception {
        try (ProjectEtcd local = new ProjectEtcd("unix:///var/run/docker.sock", List.of(), Clock.systemUTC());
             ProjectEtcd remote = new ProjectEtcd("tcp://docker-edge.example:2376", List.of(), Clock.systemUTC())) {
            assertThat(local.published(project(Map.of(2379, "127.0.0.1:32768")))).isEqualTo("http://127.0.0.1:32768");
            assertThat(remote.published(project(Map.of(2379, "0.0.0.0:2379")))).isEqualTo("http://docker-edge.example:2379");
            assertThatThrownBy(() -> remote.published(project(Map.of(2379, "127.0.0.1:2379"))))
                    .hasMessageContaining("on the loopback of tcp://docker-edge.example:2376 only");
            assertThatThrownBy(() -> local.published(project(Map.of())))
                    .hasMessageContaining("(container p-etcd) publishes no port for 2379")
                    .hasMessageContaining("ports: [\"127.0.0.1:2379:2379\"]").hasMessageContaining("configure the etcd endpoints");
        }
    }

    @Test
    void theSmokeTestAsksMilvusAtTheGrpcPortItsEntryPublishesOrTheHopIsRefusedWithTheFix() {
        ObservedProject published = standalone(Map.of(19530, "0.0.0.0:19531"));
        assertThat(MilvusGrpcPort.of(published, "tcp://docker-edge.example:2376")).isInstanceOfSatisfying(MilvusGrpcPort.Reach.Reachable.class, r -> {
            assertThat(r.container()).isEqualTo("p-standalone");
            assertThat(r.address().getHostString()).isEqualTo("docker-edge.example");
            assertThat(r.address().getPort()).isEqualTo(19531);
        });
        assertThat(MilvusGrpcPort.of(standalone(Map.of(19530, "127.0.0.1:19530")), "tcp://docker-edge.example:2376"))
                .isInstanceOfSatisfying(MilvusGrpcPort.Reach.Unreachable.class, u -> assertThat(u.why())
                        .contains("publishes port 19530 on the loopback of tcp://docker-edge.example:2376 only"));
        assertThat(MilvusGrpcPort.of(standalone(Map.of()), "unix:///var/run/docker.sock"))
                .isInstanceOfSatisfying(MilvusGrpcPort.Reach.Unreachable.class, u -> assertThat(u.why())
                        .contains("p-standalone publishes no port for 19530").contains("ports: [\"19530:19530\"]"));
    }

    static ObservedProject standalone(Map<Integer, String> ports) {
        return new ObservedProject("p", List.of(container("p-standalone", "standalone", Optional.of(Component.STANDALONE), Optional.empty(),
                "milvusdb/milvus:v2.5.16", List.of("etcd:2379"), ports)));
    }

    @Test
    void milvusIsRecognisedByItsCommandAndTheDependenciesByTheirImage() {
        assertThat(ComposeObserver.component(List.of("/tini", "--", "milvus", "run", "querynode"), "qn", "registry.local/milvus:v2.5.16"))
                .contains(Component.QUERYNODE);
        assertThat(ComposeObserver.component(List.of(), "proxy", "milvusdb/milvus:v2.5.16")).contains(Component.PROXY);
        assertThat(ComposeObserver.component(List.of(), "proxy", "nginx:1.25")).isEmpty();
        assertThat(ComposeObserver.dependency("quay.io/coreos/etcd:v3.5.5")).contains(ProjectContainer.Dependency.ETCD);
        assertThat(ComposeObserver.dependency("minio/minio:RELEASE.2023-03-20T20-16-18Z")).contains(ProjectContainer.Dependency.MINIO);
        assertThat(ComposeObserver.dependency("apachepulsar/pulsar:2.8.2")).contains(ProjectContainer.Dependency.PULSAR);
        assertThat(ComposeObserver.dependency("bitnami/kafka:3.1.0")).contains(ProjectContainer.Dependency.KAFKA);
        assertThat(ComposeObserver.dependency("milvusdb/milvus:v2.5.16")).isEmpty();
        assertThat(ComposeObserver.etcdEndpoints(new String[] {"A=1", "ETCD_ENDPOINTS=etcd1:2379, etcd2:2379"}))
                .containsExactly("etcd1:2379", "etcd2:2379");
    }
}
