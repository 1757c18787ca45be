package io.milvusgitops.daemon.webhook;

import java.util.regex.Pattern;

/**
 * The ref the Git source follows, as a webhook names refs: a branch ({@code refs/heads/main}) or tags
 * matching a glob ({@code refs/tags/fleet-v*}). A push to any other ref, a tag pushed while a branch
 * is followed, say, is answered and ignored.
 */
public record FollowedRef(String prefix, Pattern name, String describe) {

    public static FollowedRef branch(String branch) {
        return new FollowedRef("refs/heads/", Pattern.compile(Pattern.quote(branch)), "branch " + branch);
    }

    public static FollowedRef tags(String glob) {
        return new FollowedRef("refs/tags/", Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q")),
                "tag " + glob);
    }

    /** Whether a push to {@code ref} (as the webhook gives it) can move what is followed. */
    public boolean matches(String ref) {
        return ref.startsWith(prefix) && name.matcher(ref.substring(prefix.length())).matches();
    }
}
