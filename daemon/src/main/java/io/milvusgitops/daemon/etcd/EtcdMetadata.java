package io.milvusgitops.daemon.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.milvusgitops.daemon.safety.Failures;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Milvus metadata in etcd, under its root path ({@code by-dev}): backed up at one consistent
 * revision, restored byte for byte, and watched for live sessions (a running Milvus component holds
 * a session key under {@code <root>/meta/session/}; the meta migration needs none).
 *
 * <p>Session keys ({@code <root>/meta/session/}) are not backed up: they belong to running processes
 * (with etcd leases), and restored ones would be sessions of processes that do not exist.
 *
 * <p>Backup reads the whole root path at the revision of its first page, in pages of
 * {@link #PAGE} keys in key order (the next page asked for while one is written), streaming them to the store
 * through a SHA-256 digest. Restore
 * checks that digest first, then deletes everything under the root path and writes the backup back
 * in transactions of at most 128 operations (etcd's default {@code --max-txn-ops}). Restore is not
 * one atomic transaction (100,000 keys do not fit in one); it runs only while Milvus is stopped.
 */
public final class EtcdMetadata {

    static final int PAGE = 10_000;
    static final int TXN_OPS = 128;

    private final Client client;
    private final KV kv;
    private final Duration timeout;
    private final Clock clock;

    public EtcdMetadata(Client client, Duration timeout, Clock clock) {
        this.client = client;
        this.kv = client.getKVClient();
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The key prefix of a root path: {@code by-dev} -> {@code by-dev/}, so that {@code by-dev2} is never included. */
    static String prefix(String rootPath) {
        String r = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        if (r.equals("/")) throw new IllegalArgumentException("the etcd root path must not be empty");
        return r;
    }

    public BackupManifest backup(String rootPath, BackupStore store, String id) throws IOException, EtcdUnavailable {
        ByteSequence prefix = ByteSequence.from(prefix(rootPath).getBytes(StandardCharsets.UTF_8));
        ByteSequence end = prefixEnd(prefix);
        MessageDigest sha = sha256();
        long count = 0;
        long revision;
        try (BackupStore.Writer w = store.create(id)) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(w.stream(), sha), 1 << 16));
            GetResponse page = get(prefix, page(end, 0));
            revision = page.getHeader().getRevision();
            BackupFormat.writeHeader(out, rootPath, revision);
            byte[] sessions = (prefix(rootPath) + "meta/session/").getBytes(StandardCharsets.UTF_8);
            while (true) {
                List<KeyValue> kvs = page.getKvs();
                // The next page is asked for before this one is written: etcd reads it while the file is written.
                CompletableFuture<GetResponse> next = page.isMore() && !kvs.isEmpty()
                        ? kv.get(after(kvs.get(kvs.size() - 1).getKey()), page(end, revision)) : null;
                for (KeyValue k : kvs) {
                    byte[] key = k.getKey().getBytes();
                    if (startsWith(key, sessions)) continue; // lease-bound and alive only with their process
                    BackupFormat.writeEntry(out, new BackupEntry(key, k.getValue().getBytes(), k.getCreateRevision(), k.getModRevision(),
                            k.getVersion()));
                    count++;
                }
                if (next == null) break;
                page = call(next);
            }
            BackupFormat.writeEnd(out);
            out.flush();
            BackupManifest m = new BackupManifest(id, rootPath, revision, count, clock.instant(), HexFormat.of().formatHex(sha.digest()));
            w.commit(m);
            return m;
        }
    }

    /**
     * One page of the range up to {@code end}, at {@code revision} (0: the newest, for the first page). No sort option:
     * etcd answers a range in ascending key order by itself, and a sorted request makes it read the whole rest of the
     * range for every page before it cuts the page off (its applier drops the limit to sort), which made a backup of
     * 100,000 keys read about half a million.
     */
    private static GetOption page(ByteSequence end, long revision) {
        GetOption.Builder b = GetOption.builder().withRange(end).withLimit(PAGE);
        return (revision == 0 ? b : b.withRevision(revision)).build();
    }

    /** Puts the backup back: the root path holds exactly what it held at backup time. */
    public long restore(BackupManifest manifest, BackupStore store) throws IOException, EtcdUnavailable {
        verify(manifest, store);
        ByteSequence prefix = ByteSequence.from(prefix(manifest.rootPath()).getBytes(StandardCharsets.UTF_8));
        call(kv.delete(prefix, DeleteOption.builder().isPrefix(true).build()));
        long restored = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(store.open(manifest), 1 << 16))) {
            BackupFormat.readHeader(in);
            List<Op> batch = new ArrayList<>(TXN_OPS);
            BackupEntry e;
            while ((e = BackupFormat.readEntry(in)) != null) {
                batch.add(Op.put(ByteSequence.from(e.key()), ByteSequence.from(e.value()), PutOption.DEFAULT));
                restored++;
                if (batch.size() == TXN_OPS) {
                    commit(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) commit(batch);
        }
        if (restored != manifest.keys()) {
            throw new IOException("backup " + manifest.id() + " holds " + restored + " keys, its manifest says " + manifest.keys());
        }
        return restored;
    }

    /** Reads the backup through SHA-256 and compares it with the manifest: a corrupt backup is never restored. */
    public void verify(BackupManifest manifest, BackupStore store) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(store.open(manifest), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(manifest.sha256())) {
            throw new IOException("backup " + manifest.id() + " is corrupt: SHA-256 " + actual + ", expected " + manifest.sha256()
                    + "; it is not restored");
        }
    }

    /** The live Milvus sessions: keys under {@code <root>/meta/session/}. */
    public List<String> liveSessions(String rootPath) throws EtcdUnavailable {
        ByteSequence p = ByteSequence.from((prefix(rootPath) + "meta/session/").getBytes(StandardCharsets.UTF_8));
        GetResponse r = get(p, GetOption.builder().isPrefix(true).withKeysOnly(true).build());
        return r.getKvs().stream().map(k -> k.getKey().toString()).toList();
    }

    private void commit(List<Op> ops) throws EtcdUnavailable {
        call(kv.txn().Then(ops.toArray(Op[]::new)).commit());
    }

    private GetResponse get(ByteSequence key, GetOption option) throws EtcdUnavailable {
        return call(kv.get(key, option));
    }

    private <T> T call(CompletableFuture<T> f) throws EtcdUnavailable {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdUnavailable("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EtcdUnavailable(Failures.describe(e), e);
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The smallest key greater than every key with this prefix. */
    static ByteSequence prefixEnd(ByteSequence prefix) {
        byte[] b = prefix.getBytes();
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(b, i + 1);
                end[i]++;
                return ByteSequence.from(end);
            }
        }
        return ByteSequence.from(new byte[] {0});
    }

    /** The smallest key greater than {@code key}. */
    static ByteSequence after(ByteSequence key) {
        byte[] b = key.getBytes();
        byte[] next = Arrays.copyOf(b, b.length + 1);
        return ByteSequence.from(next);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Client client() {
        return client;
    }
}
