package io.milvusgitops.daemon.etcd;

import java.time.Instant;

/** What a backup holds: the root path, the etcd revision it is consistent at, how many keys, and the SHA-256 of the data. */
public record BackupManifest(String id, String rootPath, long revision, long keys, Instant takenAt, String sha256) {
}
