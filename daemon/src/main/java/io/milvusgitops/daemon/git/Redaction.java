package io.milvusgitops.daemon.git;

import java.util.regex.Pattern;

/**
 * Takes credentials out of text before it is logged, reported or shown: the user-info part of URLs
 * ({@code https://user:token@host} becomes {@code https://***@host}) and the value of every known secret.
 */
public final class Redaction {

    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

    private Redaction() {
    }

    public static String url(String text) {
        return text == null ? null : URL_USERINFO.matcher(text).replaceAll("$1***@");
    }

    /** URLs and the given secrets' values removed. */
    public static String text(String text, Secret... secrets) {
        if (text == null) return null;
        String out = url(text);
        for (Secret s : secrets) {
            if (s != null && !s.reveal().isEmpty()) {
                out = out.replace(s.reveal(), "***");
            }
        }
        return out;
    }
}
