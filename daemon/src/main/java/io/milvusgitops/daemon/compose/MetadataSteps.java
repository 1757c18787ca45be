package io.milvusgitops.daemon.compose;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.etcd.BackupManifest;
import io.milvusgitops.daemon.etcd.BackupStore;
import io.milvusgitops.daemon.etcd.EtcdMetadata;
import io.milvusgitops.daemon.etcd.EtcdUnavailable;
import java.io.IOException;
import java.util.Optional;

/**
 * Backup and restore of the project's Milvus metadata, into the same backup store and under the same
 * name ({@link StepContext#hopId()}) as the Kubernetes drivers: a repeated backup finds its own and
 * takes no second one.
 */
final class MetadataSteps {

    private final BackupStore backups;

    MetadataSteps(BackupStore backups) {
        this.backups = backups;
    }

    StepOutcome backup(StepContext ctx, EtcdMetadata etcd) throws IOException, EtcdUnavailable {
        String id = ctx.hopId();
        Optional<BackupManifest> existing = backups.find(id);
        if (existing.isPresent()) {
            return new Done("backup " + id + " exists (" + existing.get().keys() + " keys)");
        }
        BackupManifest m = etcd.backup(ctx.target().etcdRootPath(), backups, id);
        return new Done("backed up " + m.keys() + " keys of " + ctx.target().etcdRootPath() + " at revision " + m.revision() + " as " + id);
    }

    StepOutcome restore(StepContext ctx, EtcdMetadata etcd) throws IOException, EtcdUnavailable {
        Optional<BackupManifest> m = backups.find(ctx.hopId());
        if (m.isEmpty()) {
            return Failed.fatal(FailureReason.BACKUP, "no backup " + ctx.hopId() + " to restore");
        }
        long keys = etcd.restore(m.get(), backups);
        return new Done("restored " + keys + " keys from " + m.get().id());
    }
}
