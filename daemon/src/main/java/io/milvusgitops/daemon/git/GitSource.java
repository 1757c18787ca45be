package io.milvusgitops.daemon.git;

import io.milvusgitops.daemon.git.PollOutcome.Applied;
import io.milvusgitops.daemon.git.PollOutcome.Rejected;
import io.milvusgitops.daemon.git.PollOutcome.Unchanged;
import io.milvusgitops.daemon.git.PollOutcome.Unreachable;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.engine.Approval;
import io.milvusgitops.policy.engine.DesiredCommit;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
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
 *   <li>otherwise the commit becomes the desired state.</li>
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

    private Optional<DesiredState> desired = Optional.empty();
    private Optional<Rejection> rejected = Optional.empty();
    private Optional<String> headSeen = Optional.empty();
    private Optional<Instant> lastSuccess = Optional.empty();
    private Optional<Instant> lastAttempt = Optional.empty();
    private Optional<String> lastError = Optional.empty();
    private int failures;
    private long fetches;
    private long rewrites;

    public GitSource(GitSourceSettings settings, VersionCatalog catalog, Clock clock) throws IOException {
        this.settings = settings;
        this.catalog = catalog;
        this.clock = clock;
        this.mirror = new RemoteMirror(settings);
        this.verifier = new CommitVerifier(settings.signatures());
    }

    public synchronized PollOutcome poll() {
        lastAttempt = Optional.of(clock.instant());
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
            String msg = Redaction.url("cannot read the mirror of " + settings.safeUrl() + ": " + e);
            lastError = Optional.of(msg);
            LOG.warn("git poll failed: {}", msg);
            return new Unreachable(msg);
        }
    }

    private PollOutcome pollOnce() throws GitUnavailable, IOException {
        Optional<ObjectId> remote = mirror.remoteHead();
        if (remote.isEmpty()) {
            throw new GitUnavailable("branch " + settings.branch() + " does not exist on " + settings.safeUrl(), null);
        }
        String head = remote.get().getName();
        headSeen = Optional.of(head);
        if (desired.map(d -> d.commit().equals(head)).orElse(false)) {
            return new Unchanged(head);
        }
        if (rejected.map(r -> r.commit().equals(head)).orElse(false)) {
            return new Unchanged(head);
        }
        if (!mirror.localHead().map(h -> h.getName().equals(head)).orElse(false)) {
            mirror.fetch();
            fetches++;
        }
        RevCommit commit = mirror.commit(remote.get());
        boolean rewritten = false;
        if (desired.isPresent()) {
            ObjectId applied = ObjectId.fromString(desired.get().commit());
            if (!mirror.isAncestor(applied, commit)) {
                rewritten = true;
                rewrites++;
                LOG.warn("history rewritten: {} does not descend from the applied {}", head, desired.get().commit());
                if (settings.refuseNonFastForward()) {
                    return reject(new Rejection.NonFastForward(head, desired.get().commit()));
                }
            }
        }
        Verification verification = verifier.verify(mirror.repository(), commit);
        if (!verification.acceptable()) {
            return reject(new Rejection.Unverified(head, verification));
        }
        FleetResult result = FleetParser.parse(mirror.read(commit), catalog);
        if (result instanceof FleetResult.Invalid inv) {
            return reject(new Rejection.Invalid(head, inv.problems()));
        }
        DesiredState state = new DesiredState(head, ((FleetResult.Valid) result).fleet(), approvals(commit, verification),
                verification, clock.instant());
        desired = Optional.of(state);
        rejected = Optional.empty();
        LOG.info("desired state is now commit {}", head);
        return new Applied(state, rewritten);
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

    public synchronized Optional<DesiredState> desired() {
        return desired;
    }

    public synchronized SourceStatus status() {
        return new SourceStatus(settings.safeUrl(), settings.branch(), desired, rejected, headSeen, lastSuccess, lastAttempt,
                lastError, failures, fetches, rewrites);
    }

    public GitSourceSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        mirror.close();
    }
}
