package io.milvusgitops.daemon.git;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the desired state comes from: a remote ({@code https://}, {@code ssh://}, {@code git://},
 * {@code file://}), a branch, a sub-path inside the repository, how often to poll, and what to refuse.
 */
public record GitSourceSettings(String url, String branch, String path, Duration pollInterval, Duration timeout,
                                Credentials credentials, boolean refuseNonFastForward, SignaturePolicy signatures, Path cacheDir) {

    public static final Duration DEFAULT_POLL = Duration.ofSeconds(30);

    public GitSourceSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(branch, "branch");
        path = path == null ? "" : path.replaceAll("^/+|/+$", "");
    }

    public static GitSourceSettings of(String url, String branch, Path cacheDir) {
        return new GitSourceSettings(url, branch, "", DEFAULT_POLL, Duration.ofSeconds(30), new Credentials.None(), false,
                SignaturePolicy.OFF, cacheDir);
    }

    public GitSourceSettings withPath(String p) {
        return new GitSourceSettings(url, branch, p, pollInterval, timeout, credentials, refuseNonFastForward, signatures, cacheDir);
    }

    public GitSourceSettings withRefuseNonFastForward(boolean refuse) {
        return new GitSourceSettings(url, branch, path, pollInterval, timeout, credentials, refuse, signatures, cacheDir);
    }

    public GitSourceSettings withSignatures(SignaturePolicy s) {
        return new GitSourceSettings(url, branch, path, pollInterval, timeout, credentials, refuseNonFastForward, s, cacheDir);
    }

    public GitSourceSettings withCredentials(Credentials c) {
        return new GitSourceSettings(url, branch, path, pollInterval, timeout, c, refuseNonFastForward, signatures, cacheDir);
    }

    public GitSourceSettings withTimeout(Duration t) {
        return new GitSourceSettings(url, branch, path, pollInterval, t, credentials, refuseNonFastForward, signatures, cacheDir);
    }

    @Override
    public String toString() {
        return "GitSourceSettings[url=" + safeUrl() + ", branch=" + branch + ", path=" + path + ", pollInterval=" + pollInterval
                + ", refuseNonFastForward=" + refuseNonFastForward + ", signatures=" + signatures.required() + "]";
    }

    /** The URL without credentials, for every message. */
    public String safeUrl() {
        return Redaction.url(url);
    }
}
