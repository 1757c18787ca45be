package io.milvusgitops.daemon.safety;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes credentials out of text before it is logged, reported or shown. This is the one redaction
 * function: the log layout ({@link RedactingLayout}), the command line's output ({@link RedactingWriter}),
 * every body the HTTP server sends (status API, page), the audit log, Events and notifications all go
 * through {@link #redact}. What it takes out:
 * <ul>
 *   <li>the user-info of a URL, up to the last {@code @} before the host ({@code https://user:pa@ss@host}
 *       becomes {@code https://***@host}), whatever the scheme ({@code file://} too);</li>
 *   <li>the password of an scp-style address ({@code user:secret@host:x.git} becomes {@code user:***@host:x.git});</li>
 *   <li>credential query parameters ({@code private_token=}, {@code access_token=}, {@code token=}, {@code sig=}, ...);</li>
 *   <li>Slack incoming-webhook paths, {@code Bearer}/{@code Basic} credentials and PEM private keys;</li>
 *   <li>the value of every secret the daemon has read ({@link #remember}), wherever it shows up.</li>
 * </ul>
 * Redacting twice changes nothing more: the replacement {@code ***} matches none of the patterns.
 */
public final class Redaction {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    /** A secret shorter than this is not searched for in text: it would mask ordinary words. */
    static final int MIN_REMEMBERED = 6;

    // scheme://userinfo@ : the user-info runs to the LAST '@' before the path, so a password with an '@' goes whole.
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s?#\"'<>]*@");
    // user:password@host:path (scp-style): keep the user, mask the password.
    private static final Pattern SCP_PASSWORD = Pattern.compile("(?<![\\w/:.@-])([\\w.+-]+):[^@\\s/:\"'<>]+@([\\w.-]+):");
    private static final Pattern QUERY_SECRET = Pattern.compile("(?i)([?&;](?:private[_-]?token|access[_-]?token|refresh[_-]?token|id[_-]?token"
            + "|token|auth|authorization|password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|apikey|key|sig|signature|x-amz-signature"
            + "|x-amz-credential|x-amz-security-token|code))=[^&\\s#\"'<>]*");
    private static final Pattern SLACK_HOOK = Pattern.compile("(?i)(hooks\\.slack\\.com/(?:services|workflows|triggers)/)[^\\s\"'<>]+");
    private static final Pattern AUTH_HEADER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(?:-----END \\1PRIVATE KEY-----|$)", Pattern.DOTALL);

    private static final Set<String> REMEMBERED = ConcurrentHashMap.newKeySet();

    private Redaction() {
    }

    /** {@code text} with every credential it holds masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        if (!REMEMBERED.isEmpty()) {
            // Longest first: a secret that contains another is masked whole.
            List<String> secrets = REMEMBERED.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
            for (String s : secrets) {
                if (out.contains(s)) out = out.replace(s, MASK);
            }
        }
        out = PRIVATE_KEY.matcher(out).replaceAll("[private key]");
        out = URL_USERINFO.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
        out = SCP_PASSWORD.matcher(out).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@$2:");
        out = QUERY_SECRET.matcher(out).replaceAll("$1=" + Matcher.quoteReplacement(MASK));
        out = SLACK_HOOK.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        out = AUTH_HEADER.matcher(out).replaceAll("$1 " + Matcher.quoteReplacement(MASK));
        return out;
    }

    /** The same as {@link #redact}: kept for the callers that redact a URL. */
    public static String url(String text) {
        return redact(text);
    }

    /**
     * A secret the daemon read (a token, a webhook secret, a notification URL): from now on it is masked
     * wherever it appears, even where no pattern would recognise it (a server that echoes a token back).
     */
    public static void remember(String secret) {
        if (secret == null) return;
        String s = secret.strip();
        if (s.length() >= MIN_REMEMBERED) REMEMBERED.add(s);
    }
}
