package io.milvusgitops.daemon.safety;

import java.util.regex.Pattern;

/**
 * Takes credentials out of text before it is logged, reported or shown: the user-info part of URLs
 * ({@code https://user:token@host} becomes {@code https://***@host}) .
 */
public final class Redaction {

    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

    private Redaction() {
    }

    public static String url(String text) {
        return text == null ? null : URL_USERINFO.matcher(text).replaceAll("$1***@");
    }
}
