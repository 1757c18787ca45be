package io.milvusgitops.daemon.safety;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * What went wrong, as a sentence a person reads: the most telling message in a chain of causes
 * (client libraries say "failed." and keep the reason, an unknown host or a refused connection, in a
 * cause), with credentials taken out. Never a Java class name, never a stack trace.
 */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable e) {
        String outer = message(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String inner = root == e ? null : message(root);
        String text;
        if (outer == null && inner == null) text = kind(root);
        else if (outer == null) text = inner;
        else if (inner == null || outer.contains(inner)) text = outer;
        else text = outer + " (" + inner + ")";
        return Redaction.url(text);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? null : m.strip();
    }

    /** A message-less failure, in words. */
    private static String kind(Throwable e) {
        return switch (e) {
            case ConnectException c -> "the connection was refused";
            case UnknownHostException u -> "the host name is unknown";
            case SocketTimeoutException s -> "no answer in time";
            case IOException io -> "an input/output error";
            case InterruptedException i -> "interrupted";
            default -> "an unexpected internal error (see the debug log)";
        };
    }
}
