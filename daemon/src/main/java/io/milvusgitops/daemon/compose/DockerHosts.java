package io.milvusgitops.daemon.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Docker Engine API client for a {@code dockerHost} of the fleet: {@code unix:///var/run/docker.sock},
 * or {@code tcp://host:2376} with TLS from a directory laid out as {@code DOCKER_CERT_PATH} is
 * ({@code ca.pem}, {@code cert.pem}, {@code key.pem}). The fleet says which host and the daemon's config
 * which certificates, not {@code DOCKER_HOST}: one daemon drives many hosts.
 */
public final class DockerHosts {

    private static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    private DockerHosts() {
    }

    /**
     * A client for the host. {@code responseTimeout} bounds every call: a step never hangs on a host
     * that stopped answering (image builds in tests need a longer one).
     *
     * @throws IllegalArgumentException when the address or the certificate directory is not usable, with the fix
     */
    public static DockerClient connect(String dockerHost, Optional<Path> certPath, Duration responseTimeout) {
        URI uri = parse(dockerHost);
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                // The default would come from DOCKER_TLS_VERIFY: the daemon's config decides, not its environment.
                .withDockerTlsVerify(certPath.isPresent());
        if (certPath.isPresent()) {
            if (!"tcp".equals(uri.getScheme())) {
                throw new IllegalArgumentException("TLS certificates are for tcp:// Docker hosts, not " + dockerHost);
            }
            for (String f : TLS_FILES) {
                if (!Files.isReadable(certPath.get().resolve(f))) {
                    throw new IllegalArgumentException("the TLS directory " + certPath.get() + " of Docker host " + dockerHost
                            + " has no readable " + f + ": it needs ca.pem, cert.pem and key.pem, as DOCKER_CERT_PATH does");
                }
            }
            config.withDockerCertPath(certPath.get().toString());
        }
        DefaultDockerClientConfig c = config.build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(c.getDockerHost()).sslConfig(c.getSSLConfig())
                .maxConnections(16).connectionTimeout(Duration.ofSeconds(5)).responseTimeout(responseTimeout).build();
        return DockerClientImpl.getInstance(c, http);
    }

    /** Where ports published by containers of this host are reached from the daemon: the host of a tcp:// address, else loopback. */
    public static String publishedAddress(String dockerHost) {
        URI uri = parse(dockerHost);
        return "tcp".equals(uri.getScheme()) ? uri.getHost() : "127.0.0.1";
    }

    /**
     * {@code host:port} where the daemon reaches a port a container publishes as {@code hostIp:hostPort}; empty when it is
     * published on the loopback of a remote Docker host only, out of the daemon's reach.
     */
    public static Optional<String> reach(String dockerHost, String published) {
        String ip = published.substring(0, published.lastIndexOf(':'));
        String port = published.substring(published.lastIndexOf(':') + 1);
        String address = publishedAddress(dockerHost);
        if (ip.equals("127.0.0.1") && !address.equals("127.0.0.1")) return Optional.empty();
        if (!ip.equals("0.0.0.0") && !ip.equals("::") && !ip.equals("127.0.0.1") && !ip.isEmpty()) address = ip;
        return Optional.of(address + ":" + port);
    }

    static URI parse(String dockerHost) {
        URI uri;
        try {
            uri = URI.create(dockerHost);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + dockerHost + "' is not a Docker host address: write unix:///var/run/docker.sock or tcp://HOST:2376");
        }
        if ("unix".equals(uri.getScheme()) && uri.getPath() != null && !uri.getPath().isEmpty()) return uri;
        if ("tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) return uri;
        throw new IllegalArgumentException("'" + dockerHost + "' is not a Docker host this daemon can reach: write unix:///PATH "
                + "or tcp://HOST:PORT (ssh:// and npipe:// are not supported)");
    }
}
