package io.milvusgitops.daemon.git;

import io.milvusgitops.daemon.safety.Redaction;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The repository addresses the Git source can fetch, checked when the config is read (not at the
 * first poll, where a wrong one failed without naming the key): {@code https://}, {@code http://},
 * {@code ssh://}, {@code git://} and {@code file://} URLs with what each needs (a host, a path), the
 * scp-style {@code user@host:path}, and a local path ({@code /srv/fleet.git}, {@code ./fleet}).
 */
public final class RepositoryUrl {

    public static final String SUPPORTED = "https://, http://, ssh://, git://, file://, user@host:path or a local path";

    private static final Set<String> WITH_HOST = Set.of("https", "http", "ssh", "git");
    private static final Pattern SCP = Pattern.compile("([A-Za-z0-9._-]+@)?[A-Za-z0-9.-]+:(?!//)[^\\s:]\\S*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]");
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*");

    private RepositoryUrl() {
    }

    /** Why {@code url} is not an address the daemon can fetch, or empty when it is one. */
    public static Optional<String> problem(String url) {
        String shown = "'" + Redaction.redact(url.length() > 200 ? url.substring(0, 200) + " ..." : url) + "'";
        if (url.isBlank() || url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of(shown + " is not a repository URL (it is blank or has spaces or control characters)");
        }
        var scheme = SCHEME.matcher(url);
        if (scheme.matches()) {
            String s = scheme.group(1).toLowerCase(Locale.ROOT);
            if (!WITH_HOST.contains(s) && !s.equals("file")) {
                return Optional.of(shown + " uses " + s + "://, which the daemon cannot fetch from");
            }
            // Split by hand, as Git does: a password may hold an '@' (the host is after the last one), which java.net.URI refuses.
            String rest = url.substring(s.length() + 3);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash).replaceFirst("[?#].*", "");
            String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":[0-9]*$", "");
            if (WITH_HOST.contains(s) && (host.isEmpty() || !HOST.matcher(host).matches())) {
                return Optional.of(shown + " has no host name");
            }
            if (path.isEmpty() || path.equals("/")) {
                return Optional.of(shown + " names no repository (no path after the host)");
            }
            return Optional.empty();
        }
        if (url.startsWith("/") || url.startsWith("./") || url.startsWith("../")) return Optional.empty();
        if (SCP.matcher(url).matches()) return Optional.empty();
        return Optional.of(shown + " is not a repository URL");
    }
}
