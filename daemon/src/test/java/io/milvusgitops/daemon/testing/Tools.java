package io.milvusgitops.daemon.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real programs the tests run. A missing one fails the test with how to install it; it never skips. */
public final class Tools {

    private Tools() {
    }

    /** The path of a program, or a failure that says which Debian package brings it (bin/setup installs them all). */
    public static String require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p.toString();
        }
        for (String extra : List.of("/usr/lib/git-core/" + program, "/usr/sbin/" + program)) {
            if (Files.isExecutable(Path.of(extra))) return extra;
        }
        return fail("this test needs '" + program + "': install it with 'apt-get install -y " + debianPackage
                + "' (bin/setup installs every tool the tests need)");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs a command to its end; fails the test with its output when it exits non-zero. */
    public static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            fail("'" + String.join(" ", command) + "' exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    /** Waits until something listens on the loopback port. */
    public static void awaitPort(int port, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) fail("the server exited at once (port " + port + ")");
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        fail("nothing listens on port " + port + " after 10 s");
    }
}
