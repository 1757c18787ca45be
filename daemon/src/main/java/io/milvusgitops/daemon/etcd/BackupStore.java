package io.milvusgitops.daemon.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/** Where metadata backups are kept. A filesystem directory by default ({@link DirectoryBackupStore}). */
public interface BackupStore {

    /** A new backup's data stream; {@link Writer#commit} makes it visible with its manifest. */
    Writer create(String id) throws IOException;

    InputStream open(BackupManifest manifest) throws IOException;

    Optional<BackupManifest> find(String id) throws IOException;

    List<BackupManifest> list() throws IOException;

    interface Writer extends AutoCloseable {
        OutputStream stream();

        void commit(BackupManifest manifest) throws IOException;

        @Override
        void close() throws IOException;
    }
}
