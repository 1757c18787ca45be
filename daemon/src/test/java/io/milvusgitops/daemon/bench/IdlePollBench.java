package io.milvusgitops.daemon.bench;

import io.milvusgitops.daemon.git.GitSource;
import io.milvusgitops.daemon.git.GitSourceSettings;
import io.milvusgitops.daemon.git.PollOutcome;
import io.milvusgitops.daemon.testing.CountingProxy;
import io.milvusgitops.daemon.testing.GitServer;
import io.milvusgitops.daemon.testing.Tools;
import io.milvusgitops.policy.catalog.VersionCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, run on demand ({@code bin/bench}), never in the test suite: what an idle poll costs
 * (time and bytes on the wire through git daemon) for a fleet repository of 10,000 commits and
 * 1,000 environment files, against one of 10 commits and 3 environments.
 */
@Tag("bench")
class IdlePollBench {

    static final int IDLE_POLLS = 30;

    @TempDir
    Path tmp;

    @Test
    void idlePollCostDoesNotGrowWithHistoryOrFleet() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("repos"));
        build(base.resolve("big.git"), 10_000, 1_000);
        build(base.resolve("small.git"), 10, 3);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-34s %12s %12s %14s %14s %12s", "repository", "first poll", "first bytes", "idle poll p50", "idle poll max", "idle bytes"));
        try (GitServer server = GitServer.start(GitServer.Kind.GIT_DAEMON, base); CountingProxy proxy = new CountingProxy(server.port())) {
            for (String repo : List.of("small.git", "big.git")) {
                String url = "git://127.0.0.1:" + proxy.port() + "/" + repo;
                try (GitSource s = new GitSource(GitSourceSettings.of(url, "main", tmp.resolve("cache-" + repo)), VersionCatalog.builtIn(),
                        Clock.systemUTC())) {
                    proxy.reset();
                    long t0 = System.nanoTime();
                    PollOutcome first = s.poll();
                    long firstNanos = System.nanoTime() - t0;
                    long firstBytes = proxy.bytes();
                    if (!(first instanceof PollOutcome.Applied)) throw new AssertionError("first poll: " + first);
                    List<Long> idle = new ArrayList<>();
                    proxy.reset();
                    for (int i = 0; i < IDLE_POLLS; i++) {
                        long t = System.nanoTime();
                        PollOutcome o = s.poll();
                        idle.add(System.nanoTime() - t);
                        if (!(o instanceof PollOutcome.Unchanged)) throw new AssertionError("idle poll: " + o);
                    }
                    long idleBytes = proxy.bytes() / IDLE_POLLS;
                    Collections.sort(idle);
                    String name = repo.equals("big.git") ? "10,000 commits, 1,000 env files" : "10 commits, 3 env files";
                    lines.add(String.format("%-34s %10.1fms %12d %12.2fms %12.2fms %12d", name, firstNanos / 1e6, firstBytes,
                            idle.get(idle.size() / 2) / 1e6, idle.get(idle.size() - 1) / 1e6, idleBytes));
                }
            }
        }
        String report = String.join("\n", lines) + "\n";
        System.out.println(report);
        Files.writeString(Path.of("target/bench-idle-poll.txt"), report);
    }

    /** A bare repository built with git fast-import: {@code commits} commits over {@code environments} environment files. */
    static void build(Path bare, int commits, int environments) throws Exception {
        String git = Tools.require("git", "git");
        Tools.run(bare.getParent(), Map.of(), git, "init", "-q", "--bare", "-b", "main", bare.toString());
        Path stream = bare.resolveSibling(bare.getFileName() + ".fi");
        try (OutputStream out = Files.newOutputStream(stream)) {
            long time = 1_700_000_000L;
            write(out, "commit refs/heads/main\nmark :1\ncommitter Bench <bench@example.com> " + time + " +0000\n");
            data(out, "the fleet");
            file(out, "fleet.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: bench\n");
            file(out, "policy.yaml", "");
            for (int e = 0; e < environments; e++) {
                file(out, "environments/" + env(e) + ".yaml", environment(e, "2.5.16"));
            }
            for (int c = 2; c <= commits; c++) {
                int e = c % environments;
                write(out, "commit refs/heads/main\nmark :" + c + "\ncommitter Bench <bench@example.com> " + (time + c) + " +0000\n");
                data(out, "bump " + env(e));
                write(out, "from :" + (c - 1) + "\n");
                file(out, "environments/" + env(e) + ".yaml", environment(e, c % 2 == 0 ? "2.5.12" : "2.5.16"));
            }
        }
        ProcessBuilder pb = new ProcessBuilder(git, "fast-import", "--quiet").directory(bare.toFile()).redirectInput(stream.toFile())
                .redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new AssertionError("fast-import failed: " + output);
    }

    static String env(int e) {
        return String.format("env-%04d", e);
    }

    static String environment(int e, String version) {
        return "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: " + env(e) + "\nmilvusVersion: " + version + "\ntargets:\n"
                + "  - name: main\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n"
                + "    kubernetes: {context: c, namespace: " + env(e) + ", release: milvus}\n";
    }

    static void file(OutputStream out, String path, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        write(out, "M 100644 inline " + path + "\ndata " + b.length + "\n");
        out.write(b);
        write(out, "\n");
    }

    static void data(OutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        write(out, "data " + b.length + "\n");
        out.write(b);
        write(out, "\n");
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
