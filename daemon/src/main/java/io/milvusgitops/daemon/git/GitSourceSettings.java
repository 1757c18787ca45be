package io.milvusgitops.daemon.git;

import io.milvusgitops.daemon.safety.Redaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the desired state comes from: a remote ({@code https://}, {@code ssh://}, {@code git://},
 * {@code file://}), a branch, a sub-path inside the repository, how often to poll, and what to refuse.
 */
public record GitSourceSettings(String url, String branch, Optional<String> tagPattern, String path, Duration pollInterval, Duration timeout,
                                Credentials credentials, boolean refuseNonFastForward, SignaturePolicy signatures, Path cacheDir) {

    public static final Duration DEFAULT_POLL = Duration.ofSeconds(30);

    public GitSourceSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(branch, "branch");
        path = path == null ? "" : path.replaceAll("^/+|/+$", "");
        tagPattern = tagPattern == null ? Optional.empty() : tagPattern;
    }

    public static GitSourceSettings of(String url, String branch, Path cacheDir) {
        return new GitSourceSettings(url, branch, Optional.empty(), "", DEFAULT_POLL, Duration.ofSeconds(30), new Credentials.None(), false,
                SignaturePolicy.OFF, cacheDir);
    }

    /** Follow the highest tag matching a glob ({@code fleet-v*}) instead of the branch. */
    public GitSourceSettings withTagPattern(String glob) {
        return new GitSourceSettings(url, branch, Optional.of(glob), path, pollInterval, timeout, credentials, refuseNonFastForward, signatures, cacheDir);
    }

    /** "branch main" or "tag fleet-v*": what the source follows, for messages. */
    public String followed() {
        return tagPattern.map(t -> "tag " + t).orElse("branch " + branch);
    }

    public GitSourceSettings withPath(String p) {
        return new GitSourceSettings(url, branch, tagPattern, p, pollInterval, timeout, credentials, refuseNonFastForward, signatures, cacheDir);
    }

    public GitSourceSettings withRefuseNonFastForward(boolean refuse) {
        return new GitSourceSettings(url, branch, tagPattern, path, pollInterval, timeout, credentials, refuse, signatures, cacheDir);
    }

    public GitSourceSettings withSignatures(SignaturePolicy s) {
        return new GitSourceSettings(url, branch, tagPattern, path, pollInterval, timeout, credentials, refuseNonFastForward, s, cacheDir);
    }

    public GitSourceSettings withCredentials(Credentials c) {
        return new GitSourceSettings(url, branch, tagPattern, path, pollInterval, timeout, c, refuseNonFastForward, signatures, cacheDir);
    }

    public GitSourceSettings withTimeout(Duration t) {
        return new GitSourceSettings(url, branch, tagPattern, path, pollInterval, t, credentials, refuseNonFastForward, signatures, cacheDir);
    }

    @Override
    public String toString() {
        return "GitSourceSettings[url=" + safeUrl() + ", " + followed() + ", path=" + path + ", pollInterval=" + pollInterval
                + ", refuseNonFastForward=" + refuseNonFastForward + ", signatures=" + signatures.required() + "]";
    }

    /** The URL without credentials, for every message. */
    public String safeUrl() {
        return Redaction.url(url);
    }
}
