package io.milvusgitops.daemon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The daemon as its own operating-system process ({@code Main run --config F}), on the test's class
 * path, so that it can be killed with SIGKILL and started again, or run twice. Its output goes to
 * {@code <name>.log} beside its config; a failed wait shows the end of that log.
 */
public final class DaemonProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The client compiler only and the serial collector: a daemon that lives a few seconds between two kills starts about
     * 1.3 s sooner (2.7 s instead of 4.3 s from launch to its first plan, measured by ComposeCrashMatrixTest).
     */
    public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Process process;
    private final int port;
    private final Path log;

    private DaemonProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code run --config} with {@code config} (YAML in which {@code %PORT%} is replaced by a free
     * port) plus {@code args}, and waits until it answers {@code /healthz}.
     */
    public static DaemonProcess start(Path dir, String name, String config, List<String> args) throws IOException, InterruptedException {
        DaemonProcess daemon = launch(dir, name, config, args);
        daemon.await("answer /healthz", d -> !d.get("/healthz").isEmpty(), Duration.ofSeconds(60));
        return daemon;
    }

    /** The same without waiting for {@code /healthz}: for a test that may kill it while it starts. */
    public static DaemonProcess launch(Path dir, String name, String config, List<String> args) throws IOException {
        return launch(dir, name, config, args, List.of());
    }

    /**
     * The same with options for its JVM: a test that starts the daemon many times may ask for a quicker start
     * ({@link #QUICK_START}), which changes nothing the daemon does.
     */
    public static DaemonProcess launch(Path dir, String name, String config, List<String> args, List<String> jvmOptions) throws IOException {
        int port = Tools.freePort();
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, config.replace("%PORT%", String.valueOf(port)));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.milvusgitops.daemon.cli.Main", "run", "--config", file.toString()));
        command.addAll(args);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("MILVUS_GITOPS_ALLOW_SIMULATION", "1"); // run --simulated-helm refuses without it
        return new DaemonProcess(pb.start(), port, log);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Starts {@code command} (a launcher, say {@code bin/milvus-gitops run --port P}) with {@code env} added, its output in
     * {@code log}, answering on {@code port}; does not wait, so that the caller can time the start.
     */
    public static DaemonProcess launch(List<String> command, Map<String, String> env, int port, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new DaemonProcess(pb.start(), port, log);
    }

    public int port() {
        return port;
    }

    /** The HTTP status of {@code GET path}, or 0 when the daemon does not answer (yet). */
    public int statusCode(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The process's resident memory (VmRSS of /proc/PID/status), in bytes. */
    public long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
    }

    public long pid() {
        return process.pid();
    }

    /** The body of {@code GET path}, or "" when the daemon does not answer. */
    public String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** {@code /api/v1/status} as JSON (an empty object when the daemon does not answer). */
    public JsonNode status() {
        try {
            String body = get("/api/v1/status");
            return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** What the daemon's last pass said of one target ("environment/target"), e.g. "in sync" or "held back: ...". */
    public String target(String key) {
        return entry("targets", key).path("lastPass").asText("");
    }

    /** The plan of one target ("environment/target") in the status API, or an empty node. */
    public JsonNode plan(String key) {
        return entry("plans", key);
    }

    private JsonNode entry(String list, String key) {
        for (JsonNode n : status().path(list)) {
            if (n.path("target").asText().equals(key)) return n;
        }
        return JSON.createObjectNode();
    }

    public boolean leading() {
        return status().path("leader").path("leading").asBoolean(false);
    }

    public String identity() {
        return status().path("leader").path("identity").asText("");
    }

    /** Waits until {@code condition} holds, failing with the end of the daemon's log after {@code max}. */
    public void await(String what, Predicate<DaemonProcess> condition, Duration max) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(max);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new AssertionError("the daemon exited (" + process.exitValue() + ") before it " + what + ":\n" + tail());
            if (condition.test(this)) return;
            Thread.sleep(200);
        }
        throw new AssertionError("the daemon did not " + what + " within " + max + "; status " + status() + "\n" + tail());
    }

    /** SIGKILL: no shutdown hook, no Lease released, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Kubernetes stops a pod; returns the exit status. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("the daemon did not exit within 60 s of SIGTERM");
        return process.exitValue();
    }

    public String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
