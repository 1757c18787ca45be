package io.milvusgitops.daemon.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.milvusgitops.daemon.etcd.BackupManifest;
import io.milvusgitops.daemon.etcd.DirectoryBackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.testing.Tools;
import io.milvusgitops.simulator.etcd.LocalEtcd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, on demand ({@code bin/bench}): backup of 100,000 etcd keys, against {@code etcdctl get --prefix} on the same
 * data, alternating in one run; the ratio is etcdctl's time over the backup's (1.0: as fast as etcdctl).
 */
@Tag("bench")
class MetadataBackupBench {

    static final int KEYS = 100_000;
    static final int RUNS = 5;

    @TempDir
    Path tmp;

    @Test
    void backupOf100kKeys() throws Exception {
        try (LocalEtcd etcd = LocalEtcd.start(tmp)) {
            KV kv = etcd.client().getKVClient();
            String value = "x".repeat(200);
            List<CompletableFuture<?>> fs = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                fs.add(kv.put(ByteSequence.from("by-dev/meta/segment-index/" + i, StandardCharsets.UTF_8),
                        ByteSequence.from(value + i, StandardCharsets.UTF_8)));
                if (fs.size() == 1000) {
                    CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get();
                    fs.clear();
                }
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get();
            EtcdMetadata metadata = new EtcdMetadata(etcd.client(), Duration.ofSeconds(60), Clock.systemUTC());
            DirectoryBackupStore store = new DirectoryBackupStore(tmp.resolve("backups"));
            List<String> lines = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int run = 1; run <= RUNS; run++) {
                long t0 = System.nanoTime();
                BackupManifest m = metadata.backup("by-dev", store, "bench-" + run);
                double secs = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                Tools.run(tmp, Map.of("ETCDCTL_API", "3"), "/bin/sh", "-c", Tools.require("etcdctl", "etcd-client") + " --endpoints="
                        + etcd.endpoint() + " get --prefix by-dev/ > " + tmp.resolve("etcdctl-" + run + ".out"));
                double etcdctl = (System.nanoTime() - t1) / 1e9;
                long t2 = System.nanoTime();
                metadata.verify(m, store);
                double verify = (System.nanoTime() - t2) / 1e9;
                ratios.add(etcdctl / secs);
                lines.add(String.format("run %d: milvus-gitops backup %,d keys in %.2f s (%,.0f keys/s, %,d bytes, SHA-256 check %.2f s); "
                                + "etcdctl get --prefix %.2f s (%,.0f keys/s); ratio %.2f", run, m.keys(), secs, m.keys() / secs,
                        Files.size(tmp.resolve("backups/bench-" + run + ".backup")), verify, etcdctl, KEYS / etcdctl, etcdctl / secs));
            }
            Collections.sort(ratios);
            lines.add(String.format("backup speed / etcdctl get --prefix speed, median of %d runs: %.2f (goal 0.80 or better)", RUNS,
                    ratios.get(RUNS / 2)));
            String report = String.join("\n", lines) + "\n";
            System.out.println(report);
            Files.writeString(Path.of("target/bench-metadata-backup.txt"), report);
        }
    }
}
