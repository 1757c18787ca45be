package io.milvusgitops.daemon.git;

import io.milvusgitops.daemon.git.PollOutcome.Applied;
import io.milvusgitops.daemon.git.PollOutcome.Rejected;
import io.milvusgitops.daemon.git.PollOutcome.Unchanged;
import io.milvusgitops.daemon.git.PollOutcome.Unreachable;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.verdict.Approval;
import io.milvusgitops.policy.verdict.DesiredCommit;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desired state, read from Git. One {@link #poll()}:
 * <ol>
 *   <li>ask the server for the branch's head (a ref advertisement; no objects). Unchanged: done.</li>
 *   <li>a head already rejected is not judged again; a new head is fetched;</li>
 *   <li>a head that does not descend from the applied commit is a rewritten history: reported, and
 *       refused when {@code refuseNonFastForward} is set;</li>
 *   <li>the signature is checked when required; an unsigned or unknown-key commit is refused;</li>
 *   <li>the fleet files are read from the commit's tree and validated; an invalid commit is refused
 *       with every problem;</li>
 *   <li>otherwise the commit becomes the desired state, and its id is written beside the mirror so
 *       that a restart starts from it.</li>
 * </ol>
 * A refused commit never replaces the last good desired state; a server that is down never clears it.
 * Thread-safe: polls are serialised.
 */
public final class GitSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GitSource.class);

    private final GitSourceSettings settings;
    private final VersionCatalog catalog;
    private final Clock clock;
    private final RemoteMirror mirror;
    private final CommitVerifier verifier;
    private final AppliedCommit applied;

    private Optional<DesiredState> desired = Optional.empty();
    private Optional<Rejection> rejected = Optional.empty();
    private Optional<String> headSeen = Optional.empty();
    private Optional<Instant> lastSuccess = Optional.empty();
    private Optional<Instant> lastAttempt = Optional.empty();
    private Optional<String> lastError = Optional.empty();
    private int failures;
    private long fetches;
    private long rewrites;
    /**
     * What readers see: published after every poll. Readers (HTTP probes, the status page, the
     * reconcile thread) never wait for the lock a poll holds through a network fetch, so a Git
     * server that hangs cannot starve /healthz and /readyz.
     */
    private volatile SourceStatus published;

    public GitSource(GitSourceSettings settings, VersionCatalog catalog, Clock clock) throws IOException {
        this.settings = settings;
        this.catalog = catalog;
        this.clock = clock;
        this.mirror = new RemoteMirror(settings);
        this.verifier = new CommitVerifier(settings.signatures());
        this.applied = new AppliedCommit(mirror.directory().resolve("milvus-gitops-applied"));
        restore();
        publish();
    }

    private void publish() {
        published = new SourceStatus(settings.safeUrl(), settings.followed(), desired, rejected, headSeen, lastSuccess, lastAttempt,
                lastError, failures, fetches, rewrites);
    }

    public synchronized PollOutcome poll() {
        lastAttempt = Optional.of(clock.instant());
        try {
            return pollAndCount();
        } finally {
            publish();
        }
    }

    private PollOutcome pollAndCount() {
        try {
            PollOutcome outcome = pollOnce();
            failures = 0;
            lastError = Optional.empty();
            lastSuccess = lastAttempt;
            return outcome;
        } catch (GitUnavailable e) {
            failures++;
            lastError = Optional.of(e.getMessage());
            LOG.warn("git poll failed ({} in a row): {}", failures, e.getMessage());
            return new Unreachable(e.getMessage());
        } catch (IOException | RuntimeException e) {
            failures++;
            String msg = "cannot read the mirror of " + settings.safeUrl() + ": " + Failures.describe(e);
            lastError = Optional.of(msg);
            LOG.warn("git poll failed: {}", msg);
            return new Unreachable(msg);
        }
    }

    private PollOutcome pollOnce() throws GitUnavailable, IOException {
        Optional<RemoteMirror.RemoteRef> remote = mirror.remoteHead();
        if (remote.isEmpty()) {
            throw new GitUnavailable(settings.followed() + " does not exist on " + settings.safeUrl(), null);
        }
        String head = remote.get().commit().getName();
        headSeen = Optional.of(head);
        if (desired.map(d -> d.commit().equals(head)).orElse(false)) {
            rejected = Optional.empty(); // the branch went back to the applied commit: nothing is refused any more
            return new Unchanged(head);
        }
        if (rejected.map(r -> r.commit().equals(head)).orElse(false)) {
            return new Unchanged(head);
        }
        if (!mirror.localHead().map(h -> h.getName().equals(head)).orElse(false)) {
            mirror.fetch(remote.get());
            fetches++;
        }
        // Judge what was fetched: the branch may have moved again between the ref advertisement and the fetch.
        ObjectId fetched = mirror.localHead().orElseThrow(() -> new GitUnavailable("the fetch of " + settings.followed() + " brought no commit", null));
        RevCommit commit = mirror.commit(fetched);
        String id = commit.getName();
        if (rejected.map(r -> r.commit().equals(id)).orElse(false) || desired.map(d -> d.commit().equals(id)).orElse(false)) {
            return new Unchanged(id);
        }
        boolean rewritten = false;
        if (desired.isPresent()) {
            ObjectId applied = ObjectId.fromString(desired.get().commit());
            if (!mirror.isAncestor(applied, commit)) {
                rewritten = true;
                rewrites++;
                LOG.warn("history rewritten: {} does not descend from the applied {}", id, desired.get().commit());
                if (settings.refuseNonFastForward()) {
                    return reject(new Rejection.NonFastForward(id, desired.get().commit()));
                }
            }
        }
        Optional<Rejection> refusal = judge(commit);
        if (refusal.isPresent()) {
            return reject(refusal.get());
        }
        desired = Optional.of(stateOf(commit));
        rejected = Optional.empty();
        applied.save(id);
        LOG.info("desired state is now commit {}", id);
        return new Applied(desired.get(), rewritten);
    }

    /** Why a commit may not become the desired state: an unaccepted signature, or an invalid fleet. */
    private Optional<Rejection> judge(RevCommit commit) throws IOException {
        Verification verification = verifier.verify(mirror.repository(), commit);
        if (!verification.acceptable()) {
            return Optional.of(new Rejection.Unverified(commit.getName(), verification));
        }
        if (FleetParser.parse(mirror.read(commit), catalog) instanceof FleetResult.Invalid inv) {
            return Optional.of(new Rejection.Invalid(commit.getName(), inv.problems()));
        }
        return Optional.empty();
    }

    private DesiredState stateOf(RevCommit commit) throws IOException {
        Verification verification = verifier.verify(mirror.repository(), commit);
        FleetResult.Valid valid = (FleetResult.Valid) FleetParser.parse(mirror.read(commit), catalog);
        return new DesiredState(commit.getName(), valid.fleet(), approvals(commit, verification), verification, clock.instant(),
                EnvironmentChanges.of(mirror.repository(), commit, settings.path(), valid.fleet()));
    }

    /**
     * After a restart: the commit applied before it, read again from the mirror and judged again, is the
     * desired state until the first poll. A server that is down at start never leaves the daemon without one.
     */
    private void restore() {
        applied.load().ifPresent(id -> {
            try {
                RevCommit commit = mirror.commit(ObjectId.fromString(id));
                if (judge(commit).isEmpty()) {
                    desired = Optional.of(stateOf(commit));
                    LOG.info("desired state restored from the last applied commit {}", id);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("the last applied commit {} cannot be read from the mirror; waiting for the first poll", id);
            }
        });
    }

    private PollOutcome reject(Rejection r) {
        rejected = Optional.of(r);
        LOG.warn("commit refused, the last good desired state stays: {}", r.describe());
        return new Rejected(r);
    }

    /** Trailers, plus the verified signature's key: what the policy's approval rule counts. */
    private static DesiredCommit approvals(RevCommit commit, Verification verification) {
        DesiredCommit fromTrailers = CommitApprovals.of(commit);
        List<Approval> all = new ArrayList<>(fromTrailers.approvals());
        if (verification instanceof Verification.Verified v && !v.key().isEmpty()) {
            all.add(Approval.signature(v.key()));
        }
        return new DesiredCommit(commit.getName(), all);
    }

    public Optional<DesiredState> desired() {
        return published.desired();
    }

    public SourceStatus status() {
        return published;
    }

    public GitSourceSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        mirror.close();
    }
}
