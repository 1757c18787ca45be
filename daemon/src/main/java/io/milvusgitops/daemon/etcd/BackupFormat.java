package io.milvusgitops.daemon.etcd;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The backup file: a magic line, the root path and revision, then length-prefixed entries. Binary so
 * that keys and values come back byte for byte, whatever they hold; checked by a SHA-256 over the
 * whole file, kept beside it.
 */
final class BackupFormat {

    static final String MAGIC = "milvus-gitops-etcd-backup-v1";
    /** etcd's default request limit is 1.5 MiB; nothing larger can have been stored. */
    static final int MAX_FIELD = 8 << 20;

    private BackupFormat() {
    }

    static void writeHeader(DataOutputStream out, String rootPath, long revision) throws IOException {
        out.writeUTF(MAGIC);
        out.writeUTF(rootPath);
        out.writeLong(revision);
    }

    static void writeEntry(DataOutputStream out, BackupEntry e) throws IOException {
        out.writeBoolean(true);
        bytes(out, e.key());
        bytes(out, e.value());
        out.writeLong(e.createRevision());
        out.writeLong(e.modRevision());
        out.writeLong(e.version());
    }

    static void writeEnd(DataOutputStream out) throws IOException {
        out.writeBoolean(false);
    }

    record Header(String rootPath, long revision) {
    }

    static Header readHeader(DataInputStream in) throws IOException {
        String magic = in.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new IOException("not a milvus-gitops etcd backup (starts with '" + magic + "')");
        }
        return new Header(in.readUTF(), in.readLong());
    }

    /** The next entry, or null at the end. */
    static BackupEntry readEntry(DataInputStream in) throws IOException {
        if (!in.readBoolean()) return null;
        return new BackupEntry(readBytes(in), readBytes(in), in.readLong(), in.readLong(), in.readLong());
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FIELD) throw new IOException("corrupt backup: a field of " + n + " bytes");
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException("corrupt backup: truncated", e);
        }
        return b;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
