package io.milvusgitops.daemon.etcd;

import io.milvusgitops.daemon.driver.Deadline;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.path.Step;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The BackupMetadata and RestoreMetadata steps of every driver: Milvus's metadata in etcd into one
 * backup store, named after the hop ({@link StepContext#hopId()}), so that a repeated backup finds its
 * own and takes no second one, whichever driver made it.
 */
public final class MetadataSteps {

    private final BackupStore backups;

    public MetadataSteps(BackupStore backups) {
        this.backups = backups;
    }

    public StepOutcome backup(StepContext ctx, EtcdMetadata etcd) throws IOException, EtcdUnavailable {
        String id = ctx.hopId();
        Optional<BackupManifest> existing = backups.find(id);
        if (existing.isPresent()) {
            return new Done("backup " + id + " exists (" + existing.get().keys() + " keys)");
        }
        BackupManifest m;
        try {
            m = etcd.backup(ctx.target().etcdRootPath(), backups, id);
        } catch (IOException e) {
            // etcd answered (its failures are EtcdUnavailable): the backup store refused, a full disk say; a backup problem, not a network one.
            return Failed.retryable(FailureReason.BACKUP, "the backup store cannot keep backup " + id + ": " + Failures.describe(e));
        }
        return new Done("backed up " + m.keys() + " keys of " + ctx.target().etcdRootPath() + " at revision " + m.revision() + " as " + id);
    }

    public StepOutcome restore(StepContext ctx, EtcdMetadata etcd) throws IOException, EtcdUnavailable {
        Optional<BackupManifest> m = backups.find(ctx.hopId());
        if (m.isEmpty()) {
            return Failed.fatal(FailureReason.BACKUP, "no backup " + ctx.hopId() + " to restore");
        }
        long keys = etcd.restore(m.get(), backups);
        return new Done("restored " + keys + " keys from " + m.get().id());
    }

    /** No Milvus session left under the target's root path: a live one makes a migration or a restore unsafe. */
    public StepOutcome waitNoSessions(StepContext ctx, EtcdMetadata etcd, Deadline deadline) throws EtcdUnavailable {
        List<String> sessions = etcd.liveSessions(ctx.target().etcdRootPath());
        if (sessions.isEmpty()) return new Done("no Milvus session left in etcd");
        return deadline.waiting(ctx, "sessions to expire: " + sessions, FailureReason.LIVE_SESSIONS, "Milvus sessions still alive: " + sessions);
    }

    /**
     * migration.yaml of the meta-migration tool, as upgrade_milvus_cluster-docker.md and migrate.sh write
     * it: from and to, a backup inside the tool's container, and the etcd that holds the metadata.
     */
    public static String migrationYaml(Step.RunMetaMigration s, List<String> etcdEndpoints, String rootPath) {
        StringBuilder eps = new StringBuilder();
        etcdEndpoints.forEach(e -> eps.append("    - ").append(e).append('\n'));
        return """
                cmd:
                  type: run
                  runWithBackup: true
                config:
                  sourceVersion: %s
                  targetVersion: %s
                  backupFilePath: /tmp/migration.bak
                metastore:
                  type: etcd
                etcd:
                  endpoints:
                %s  rootPath: %s
                  metaSubPath: meta
                  kvSubPath: kv
                """.formatted(s.source(), s.target(), eps, rootPath);
    }
}
