package io.milvusgitops.daemon.testing;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.milvusgitops.daemon.compose.DockerHosts;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real Docker Engine of this machine at {@code /var/run/docker.sock} (Debian's docker.io; bin/setup
 * installs and starts it). When it does not answer and the tests run as root, dockerd is started here;
 * otherwise the test fails and says how to get one. It never skips.
 */
public final class DockerEngine {

    public static final String HOST = "unix:///var/run/docker.sock";
    private static final Path SOCKET = Path.of("/var/run/docker.sock");
    private static final Path PID = Path.of("/var/run/docker.pid");
    private static DockerClient client;

    private DockerEngine() {
    }

    /** A client of the engine (image builds take longer than the driver's calls: its timeout is generous). */
    public static synchronized DockerClient client() {
        if (client == null) {
            if (!answers()) start();
            client = DockerHosts.connect(HOST, Optional.empty(), Duration.ofMinutes(3));
        }
        return client;
    }

    /** Stops dockerd (SIGTERM to the pid in /var/run/docker.pid, as a host shutdown would) and starts it again. */
    public static synchronized void restart() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(PID).strip());
        ProcessHandle dockerd = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("dockerd (pid " + pid + ") is not running"));
        dockerd.destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (dockerd.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
        if (dockerd.isAlive()) fail("dockerd (pid " + pid + ") did not stop within 60 s");
        start();
        // Connections pooled before the restart are dead: the first calls on them fail once.
        for (int i = 0; i < 5; i++) {
            try {
                client.pingCmd().exec();
                return;
            } catch (RuntimeException e) {
                Thread.sleep(100);
            }
        }
    }

    private static void start() {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("the Compose tests need a Docker Engine at " + SOCKET + ": install docker.io (apt-get install docker.io) and start dockerd");
        }
        String dockerd = Tools.require("dockerd", "docker.io");
        try {
            // setsid: dockerd outlives the test JVM, as one started by bin/setup does.
            new ProcessBuilder("sh", "-c", "setsid " + dockerd + " >>/tmp/dockerd.log 2>&1 &").inheritIO().start().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!answers()) {
                if (System.nanoTime() > deadline) {
                    fail("dockerd did not answer at " + SOCKET + " within 60 s; see /tmp/dockerd.log. Install docker.io "
                            + "(apt-get install docker.io) and start dockerd");
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            fail("could not start dockerd: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while starting dockerd");
        }
    }

    /** GET /_ping over the socket. */
    private static boolean answers() {
        if (!Files.exists(SOCKET)) return false;
        try (var ch = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes()));
            ByteBuffer buf = ByteBuffer.allocate(256);
            ch.read(buf);
            return new String(buf.array(), 0, buf.position()).matches("(?s)HTTP/1\\.[01] 200 .*");
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes every container, network and volume of a test's project, the driver's tool containers included. */
    public static void removeProject(String project) {
        DockerClient d = client();
        for (String label : List.of("com.docker.compose.project", "io.milvus-gitops.project")) {
            for (var c : d.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(label, project)).exec()) {
                try {
                    d.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (NotFoundException e) {
                    // gone already
                }
            }
        }
        for (var n : d.listNetworksCmd().exec()) {
            if (n.getName().equals(project) || project.equals(n.getLabels() == null ? null : n.getLabels().get("com.docker.compose.project"))) {
                d.removeNetworkCmd(n.getId()).exec();
            }
        }
        var volumes = d.listVolumesCmd().exec().getVolumes();
        for (var v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            if (v.getLabels() != null && project.equals(v.getLabels().get("com.docker.compose.project"))) {
                d.removeVolumeCmd(v.getName()).exec();
            }
        }
    }
}
