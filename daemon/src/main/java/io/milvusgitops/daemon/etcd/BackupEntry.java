package io.milvusgitops.daemon.etcd;

/** One etcd key-value as it was at backup time, with its revisions (kept for audit; etcd assigns new ones on restore). */
public record BackupEntry(byte[] key, byte[] value, long createRevision, long modRevision, long version) {
}
