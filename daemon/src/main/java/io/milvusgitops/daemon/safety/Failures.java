package io.milvusgitops.daemon.safety;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * What went wrong, as a sentence a person reads: the most telling message in a chain of causes
 * (client libraries say "failed." and keep the reason, an unknown host or a refused connection, in a
 * cause), with credentials taken out ({@link Redaction}). Never a Java class name, never a stack trace:
 * a message that is only a class name or a path ({@code NoSuchFileException: /x}) is said in words.
 */
public final class Failures {

    /** A Java class name as it leads a message: {@code java.net.ConnectException: } or {@code io.netty...$AnnotatedConnectException: }. */
    private static final Pattern CLASS_PREFIX = Pattern.compile(
            "`?\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_]*(?:\\$[A-Za-z0-9_]+)*`?(?::\\s+|:$|\\b)");
    /** A bare exception name: {@code NumberFormatException} in a sentence. */
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b:?\\s*");
    /** The longest message a person is shown: longer ones are cut, the rest is in the debug log. */
    public static final int MAX_LENGTH = 500;

    private Failures() {
    }

    public static String describe(Throwable e) {
        String outer = message(e);
        Throwable root = e;
        int depth = 0;
        while (root.getCause() != null && root.getCause() != root && depth++ < 20) root = root.getCause();
        String inner = root == e ? null : message(root);
        String text;
        if (outer == null && inner == null) text = kind(root);
        else if (outer == null) text = inner;
        else if (inner == null || outer.contains(inner)) text = outer;
        else if (inner.contains(outer)) text = inner; // a wrapper that repeats its cause's message
        else text = outer + " (" + inner + ")";
        return sentence(text);
    }

    /** Any message meant for a person, made safe: no class names, no credentials, one line, bounded. */
    public static String sentence(String text) {
        String t = withoutClassNames(text).replaceAll("\\s*\\R\\s*", " ").strip();
        if (t.isEmpty()) t = "an unexpected internal error (see the debug log)";
        if (t.length() > MAX_LENGTH) t = t.substring(0, MAX_LENGTH) + " ...";
        return Redaction.redact(t);
    }

    /** {@code text} without the Java class names a library put in it ({@code java.net.ConnectException: refused} -> {@code refused}). */
    public static String withoutClassNames(String text) {
        if (text == null) return null;
        return EXCEPTION_NAME.matcher(CLASS_PREFIX.matcher(text).replaceAll("")).replaceAll("");
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return null;
        String stripped = CLASS_PREFIX.matcher(m.strip()).replaceAll("").strip();
        if (stripped.isEmpty()) return null;
        return switch (e) {
            // The JDK's file exceptions carry only the path: say what happened to it.
            case NoSuchFileException n -> "no such file: " + stripped;
            case AccessDeniedException a -> "permission denied: " + stripped;
            case NotDirectoryException n -> "not a directory: " + stripped;
            case CharacterCodingException c -> "not UTF-8 text";
            case NumberFormatException n -> "not a number: " + stripped.replaceFirst("^For input string: ", "");
            default -> stripped;
        };
    }

    /** A message-less failure, in words. */
    private static String kind(Throwable e) {
        return switch (e) {
            case ConnectException c -> "the connection was refused";
            case UnknownHostException u -> "the host name is unknown";
            case SocketTimeoutException s -> "no answer in time";
            case TimeoutException t -> "no answer in time";
            case ClosedChannelException c -> "the connection was closed";
            case IOException io -> "an input/output error";
            case InterruptedException i -> "interrupted";
            case OutOfMemoryError o -> "out of memory";
            case StackOverflowError s -> "the input is nested too deeply";
            default -> "an unexpected internal error (see the debug log)";
        };
    }
}
