package io.milvusgitops.daemon.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.milvusgitops.daemon.testing.RealEtcd;
import io.milvusgitops.daemon.testing.Tools;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore of Milvus metadata against the real etcd server. */
class EtcdMetadataTest {

    @RegisterExtension
    static final RealEtcd etcd = new RealEtcd();

    @TempDir
    Path tmp;
    KV kv;
    EtcdMetadata metadata;
    DirectoryBackupStore store;

    @BeforeEach
    void setUp() throws Exception {
        kv = etcd.client().getKVClient();
        etcd.clear("by-dev");
        metadata = new EtcdMetadata(etcd.client(), Duration.ofSeconds(10), Clock.systemUTC());
        store = new DirectoryBackupStore(tmp.resolve("backups"));
    }

    static ByteSequence bs(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    void put(String key, byte[] value) throws Exception {
        kv.put(bs(key), ByteSequence.from(value)).get();
    }

    Map<String, byte[]> dump(String prefix) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        for (KeyValue k : kv.get(bs(prefix), GetOption.builder().isPrefix(true).build()).get().getKvs()) {
            out.put(k.getKey().toString(StandardCharsets.UTF_8), k.getValue().getBytes());
        }
        return out;
    }

    void putMany(String prefix, int n) throws Exception {
        List<CompletableFuture<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(kv.put(bs(prefix + String.format("%06d", i)), bs("value-" + i)));
            if (fs.size() == 500) {
                CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get();
                fs.clear();
            }
        }
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get();
    }

    @Test
    void restoresTheRootPathByteForByteAndTouchesNothingElse() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n'};
        put("by-dev/meta/root-coord/collection/1", "{\"name\":\"books\"}".getBytes(StandardCharsets.UTF_8));
        put("by-dev/meta/segment-index/1/2", binary);
        put("by-dev/kv/gid/timestamp", "42".getBytes(StandardCharsets.UTF_8));
        put("by-dev2/meta/other", "another Milvus".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> before = dump("by-dev/");

        BackupManifest m = metadata.backup("by-dev", store, "t1");
        assertThat(m.keys()).isEqualTo(3);
        assertThat(m.sha256()).hasSize(64);
        assertThat(store.find("t1")).contains(m);

        // What a failed meta migration does: rewrite, delete, add.
        put("by-dev/meta/root-coord/collection/1", "{\"migrated\":true}".getBytes(StandardCharsets.UTF_8));
        kv.delete(bs("by-dev/meta/segment-index/1/2")).get();
        put("by-dev/meta/field-index/9", "new".getBytes(StandardCharsets.UTF_8));
        put("by-dev2/meta/other", "changed elsewhere".getBytes(StandardCharsets.UTF_8));

        assertThat(metadata.restore(m, store)).isEqualTo(3);
        Map<String, byte[]> after = dump("by-dev/");
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
        assertThat(new String(dump("by-dev2/").get("by-dev2/meta/other"), StandardCharsets.UTF_8)).isEqualTo("changed elsewhere");
    }

    @Test
    void pagesThroughManyKeysAtOneRevision() throws Exception {
        putMany("by-dev/meta/k", 12_345);
        BackupManifest m = metadata.backup("by-dev", store, "many");
        assertThat(m.keys()).isEqualTo(12_345);
        etcd.clear("by-dev/");
        assertThat(metadata.restore(m, store)).isEqualTo(12_345);
        Map<String, byte[]> after = dump("by-dev/");
        assertThat(after).hasSize(12_345);
        assertThat(new String(after.get("by-dev/meta/k012344"), StandardCharsets.UTF_8)).isEqualTo("value-12344");
    }

    /**
     * Keys written in descending order, and changed while the backup is being written (after its first page is in the
     * file): the backup holds every key once, in ascending key order, as it was at the revision of the first page.
     */
    @Test
    void theBackupIsInKeyOrderAtTheRevisionOfItsFirstPageWhateverChangesMeanwhile() throws Exception {
        int n = EtcdMetadata.PAGE * 2 + 500;
        // In batches: all at once, a loaded etcd refuses some puts ("too many requests": its proposal queue is full).
        for (int hi = n - 1; hi >= 0; hi -= 200) {
            List<CompletableFuture<?>> fs = new ArrayList<>();
            for (int i = hi; i >= Math.max(0, hi - 199); i--) fs.add(kv.put(bs("by-dev/meta/k" + String.format("%06d", i)), bs("value-" + i)));
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get();
        }
        BackupStore changing = new BackupStore() {
            public Writer create(String id) throws IOException {
                Writer w = store.create(id);
                OutputStream changesEtcdOnce = new FilterOutputStream(w.stream()) {
                    boolean changed;

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        if (changed) return;
                        changed = true;
                        try {
                            put("by-dev/meta/k" + String.format("%06d", n - 1), "changed during the backup".getBytes(StandardCharsets.UTF_8));
                            put("by-dev/meta/zz-added-during-the-backup", new byte[] {1});
                        } catch (Exception e) {
                            throw new IOException(e);
                        }
                    }
                };
                return new Writer() {
                    public OutputStream stream() {
                        return changesEtcdOnce;
                    }

                    public void commit(BackupManifest m) throws IOException {
                        w.commit(m);
                    }

                    public void close() throws IOException {
                        w.close();
                    }
                };
            }

            public InputStream open(BackupManifest m) throws IOException {
                return store.open(m);
            }

            public Optional<BackupManifest> find(String id) throws IOException {
                return store.find(id);
            }

            public List<BackupManifest> list() throws IOException {
                return store.list();
            }
        };

        BackupManifest m = metadata.backup("by-dev", changing, "ordered");

        assertThat(m.keys()).isEqualTo(n);
        List<String> keys = new ArrayList<>();
        String last = null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(store.open(m)))) {
            assertThat(BackupFormat.readHeader(in).revision()).isEqualTo(m.revision());
            BackupEntry e;
            while ((e = BackupFormat.readEntry(in)) != null) {
                keys.add(BackupFormat.utf8(e.key()));
                last = BackupFormat.utf8(e.value());
            }
        }
        assertThat(keys).hasSize(n).isSorted().doesNotHaveDuplicates().doesNotContain("by-dev/meta/zz-added-during-the-backup");
        assertThat(last).as("the last key as it was when the backup began").isEqualTo("value-" + (n - 1));
    }

    @Test
    void aCorruptBackupIsNeverRestored() throws Exception {
        put("by-dev/meta/a", "1".getBytes(StandardCharsets.UTF_8));
        BackupManifest m = metadata.backup("by-dev", store, "c1");
        Path file = tmp.resolve("backups/c1.backup");
        byte[] data = Files.readAllBytes(file);
        data[data.length - 3] ^= 0x01;
        Files.write(file, data);
        put("by-dev/meta/a", "2".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> metadata.restore(m, store)).hasMessageContaining("is corrupt").hasMessageContaining("not restored");
        assertThat(new String(dump("by-dev/").get("by-dev/meta/a"), StandardCharsets.UTF_8)).as("etcd untouched").isEqualTo("2");
    }

    @Test
    void seesLiveSessions() throws Exception {
        assertThat(metadata.liveSessions("by-dev")).isEmpty();
        put("by-dev/meta/session/querynode-7", "{}".getBytes(StandardCharsets.UTF_8));
        put("by-dev/meta/session/datacoord", "{}".getBytes(StandardCharsets.UTF_8));
        put("by-dev2/meta/session/proxy-1", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(metadata.liveSessions("by-dev")).containsExactlyInAnyOrder("by-dev/meta/session/querynode-7", "by-dev/meta/session/datacoord");
    }

    @Test
    void anUnreachableEtcdIsATypedError() throws Exception {
        try (var client = Client.builder().endpoints("http://127.0.0.1:" + Tools.freePort()).build()) {
            EtcdMetadata down = new EtcdMetadata(client, Duration.ofSeconds(2), Clock.systemUTC());
            assertThatThrownBy(() -> down.liveSessions("by-dev")).isInstanceOf(EtcdUnavailable.class);
        }
    }
}
