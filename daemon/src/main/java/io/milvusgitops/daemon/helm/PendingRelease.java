package io.milvusgitops.daemon.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.policy.fleet.Location;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * A release whose newest revision an interrupted Helm call left {@code pending-install}, {@code pending-upgrade} or
 * {@code pending-rollback}. Helm writes the pending revision before it applies anything and marks it deployed or failed
 * after; killed in between (the daemon stopped by SIGKILL during a native Helm call), it leaves the pending revision
 * behind, and every later {@code helm upgrade} fails with "another operation (install/upgrade/rollback) is in progress".
 * <p>
 * As Flux's helm-controller does ({@code internal/reconcile/unlock.go}), the revision is unlocked by marking it
 * {@code failed}, written back as Helm writes it; the upgrade then runs again and makes a new revision. Only a revision
 * the step itself left is unlocked: one Helm started after the step did ({@code info.last_deployed}, written by Helm in
 * this very process, on the same clock as the step's record). The daemon holds the leader lease, so no other upgrade of
 * ours can be running; an older pending revision was left by someone else (a {@code helm} CLI, another tool), which may
 * still be at work, and is left for an operator.
 */
final class PendingRelease {

    private static final Set<String> PENDING = Set.of("pending-install", "pending-upgrade", "pending-rollback");

    /** What was found, and what was done about it. */
    sealed interface Unlock {
        /** The newest revision is not pending (or the release has none): nothing was touched. */
        record NotPending() implements Unlock {
        }

        /** The step's own interrupted call left it pending: now marked failed. {@code what} says so, for the log and the audit. */
        record Unlocked(String what) implements Unlock {
        }

        /** Pending since before the step started: not ours to unlock. {@code why} says what an operator can do. */
        record NotOurs(String why) implements Unlock {
        }
    }

    private final KubernetesClient client;
    private final HelmObserver observer;
    private final Clock clock;

    PendingRelease(KubernetesClient client, Clock clock) {
        this.client = client;
        this.observer = new HelmObserver(client);
        this.clock = clock;
    }

    /** Marks the newest revision of the release failed when the step's own interrupted Helm call left it pending. */
    Unlock unlock(StepContext ctx, Location.HelmRelease where) throws IOException {
        Optional<Secret> newest = observer.newestRevision(where.namespace(), where.release());
        if (newest.isEmpty()) return new Unlock.NotPending();
        Secret secret = newest.get();
        ObjectNode release = HelmReleaseCodec.json(secret.getData().get("release"));
        String status = release.path("info").path("status").asText();
        if (!PENDING.contains(status)) return new Unlock.NotPending();
        ObjectNode info = (ObjectNode) release.get("info"); // a status was found in it: an object
        int revision = release.path("version").asInt();
        Optional<Instant> since = instant(info.path("last_deployed").asText());
        String named = "release " + where.release() + " revision " + revision;
        if (since.isEmpty() || since.get().isBefore(ctx.startedAt())) {
            return new Unlock.NotOurs(named + " is " + status + since.map(t -> " since " + t).orElse("")
                    + ", from before this step started at " + ctx.startedAt() + ": another Helm operation may be at work. When none is, "
                    + "mark it failed or roll the release back (helm rollback " + where.release() + " -n " + where.namespace() + ")");
        }
        info.put("status", "failed");
        info.put("description", "Release unlocked from stale '" + status + "' state by milvus-gitops: the upgrade was interrupted");
        String data = HelmReleaseCodec.data(release);
        secret.getData().put("release", data);
        secret.getMetadata().getLabels().put("status", "failed");
        secret.getMetadata().getLabels().put("modifiedAt", String.valueOf(clock.instant().getEpochSecond())); // as Helm's Update does
        // An update at the resourceVersion read: should anything have written the revision since, the API refuses.
        client.secrets().inNamespace(where.namespace()).resource(secret).update();
        return new Unlock.Unlocked(named + " was left " + status + " by an interrupted upgrade: marked failed, upgrading again");
    }

    /** Helm's time stamps: RFC 3339 with nanoseconds and an offset. */
    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
