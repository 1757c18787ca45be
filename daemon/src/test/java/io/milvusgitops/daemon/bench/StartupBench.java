package io.milvusgitops.daemon.bench;

import io.milvusgitops.daemon.testing.DaemonProcess;
import io.milvusgitops.daemon.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, on demand ({@code bin/bench}, which packages the jars first): start-up of the embedded default
 * ({@code run} with no config: the example fleet committed into a local repository) as its own process, from the
 * process's start to the first {@code /readyz} 200, and its resident memory {@value #SETTLE_SECONDS} s later (after
 * the first pass). Each start has a fresh data directory. Two ways to start it, in one run:
 * <ul>
 *   <li>{@code java -jar}: the JVM with no start-up option (what the launcher did before class-data sharing);</li>
 *   <li>{@code bin/milvus-gitops}: the launcher, whose first {@code run} records the JVM's start-up cache (the
 *       ahead-of-time cache on JDK 25 and newer, else the class-data archive) and writes it at exit (reported apart,
 *       as the training start), and whose later starts map it.</li>
 * </ul>
 */
@Tag("bench")
class StartupBench {

    static final int STARTS = 5;
    static final int SETTLE_SECONDS = 5;

    @TempDir
    Path tmp;

    @Test
    void embeddedDefaultToReady() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve("daemon/target/milvus-gitops.jar");
        if (!Files.isRegularFile(jar)) throw new AssertionError(jar + " is missing: bin/bench packages it before the benchmarks run");
        // The launcher's start-up caches: trained afresh below.
        Files.deleteIfExists(root.resolve("daemon/target/milvus-gitops-run.jsa"));
        Files.deleteIfExists(root.resolve("daemon/target/milvus-gitops-run.aot"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> plain = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) plain.add("--sun-misc-unsafe-memory-access=allow");
        plain.addAll(List.of("-jar", jar.toString()));
        Map<String, String> env = Map.of("MILVUS_GITOPS_HOME", root.toString(), "JAVA_HOME", System.getProperty("java.home"));

        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-40s %10s %10s %10s %12s", "start-up of the embedded default", "p50", "best", "worst", "RSS p50"));
        lines.add(measure("java -jar (no start-up option)", plain, env, STARTS));
        Start training = start(List.of(root.resolve("bin/milvus-gitops").toString()), env, "training");
        lines.add(String.format("%-40s %8.2f s %32.0f MB", "bin/milvus-gitops, first start (trains)", training.seconds, training.rss / 1e6));
        String cache = Runtime.version().feature() >= 25 ? "milvus-gitops-run.aot" : "milvus-gitops-run.jsa";
        if (!Files.isRegularFile(root.resolve("daemon/target").resolve(cache))) {
            throw new AssertionError("the training start wrote no start-up cache daemon/target/" + cache);
        }
        lines.add(measure("bin/milvus-gitops (start-up cache)", List.of(root.resolve("bin/milvus-gitops").toString()), env, STARTS));
        String report = String.join("\n", lines) + "\n";
        System.out.println(report);
        Files.writeString(Path.of("target/bench-startup.txt"), report);
    }

    record Start(double seconds, long rss) {
    }

    private String measure(String name, List<String> launcher, Map<String, String> env, int starts) throws Exception {
        List<Double> seconds = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            Start s = start(launcher, env, name.replaceAll("[^a-z]", "") + i);
            seconds.add(s.seconds);
            rss.add(s.rss);
        }
        Collections.sort(seconds);
        Collections.sort(rss);
        return String.format("%-40s %8.2f s %8.2f s %8.2f s %10.0f MB", name, seconds.get(starts / 2), seconds.get(0), seconds.get(starts - 1),
                rss.get(starts / 2) / 1e6);
    }

    /** One start on a fresh data directory: seconds to /readyz 200, RSS after the first pass; then SIGTERM. */
    private Start start(List<String> launcher, Map<String, String> env, String name) throws Exception {
        int port = Tools.freePort();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("run", "--port", String.valueOf(port), "--data-dir", tmp.resolve("data-" + name).toString()));
        long t0 = System.nanoTime();
        try (DaemonProcess d = DaemonProcess.launch(command, env, port, tmp.resolve(name + ".log"))) {
            long deadline = t0 + Duration.ofSeconds(60).toNanos();
            while (d.statusCode("/readyz") != 200) {
                if (!d.alive() || System.nanoTime() > deadline) throw new AssertionError("the daemon never became ready:\n" + d.tail());
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(SETTLE_SECONDS * 1000L);
            long rss = d.residentBytes();
            int exit = d.terminate();
            if (exit != 0 && exit != 143) throw new AssertionError("the daemon did not stop cleanly:\n" + d.tail());
            return new Start(seconds, rss);
        }
    }
}
