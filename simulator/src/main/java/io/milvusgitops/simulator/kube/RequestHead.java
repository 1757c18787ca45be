package io.milvusgitops.simulator.kube;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The head of the first HTTP/1.1 request on a connection, read by {@link FrontDoor} to choose between serving a
 * port-forward itself and relaying the connection. {@code raw} is every byte read so far (the head and whatever
 * of the body came with it), so a relay can replay it unchanged.
 *
 * @param headers lower-case names; a repeated header's values joined with ", " as RFC 9110 allows
 */
record RequestHead(String method, String target, Map<String, String> headers, byte[] raw) {

    /** The head did not end within the bound: the front answers 431 and closes. */
    static final class TooLarge extends IOException {
        TooLarge(int limit) {
            super("the request head is longer than " + limit + " bytes");
        }
    }

    /** Empty when the client closed before sending a byte (an idle keep-alive connection going away). */
    static Optional<RequestHead> read(InputStream in, int limit) throws IOException {
        byte[] buf = new byte[limit];
        int filled = 0;
        int end;
        // Reads in chunks, not byte by byte: one system call per byte would cost every relayed request.
        while ((end = endOfHead(buf, filled)) < 0) {
            if (filled == limit) throw new TooLarge(limit);
            int n = in.read(buf, filled, limit - filled);
            if (n < 0) {
                if (filled == 0) return Optional.empty();
                throw new IOException("the client closed the connection in the middle of a request head");
            }
            filled += n;
        }
        String text = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) throw new IOException("not an HTTP/1.x request line: " + lines[0]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) throw new IOException("a malformed header line: " + lines[i]);
            headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        return Optional.of(new RequestHead(requestLine[0], requestLine[1], Map.copyOf(headers), Arrays.copyOf(buf, filled)));
    }

    /** The index of the blank line's CR LF CR LF, or -1. */
    private static int endOfHead(byte[] buf, int filled) {
        for (int i = 0; i + 3 < filled; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') return i;
        }
        return -1;
    }

    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The raw query (not decoded), or null. */
    String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Whether a comma-separated header (Connection, Upgrade, Sec-WebSocket-Protocol) lists {@code token}. */
    boolean lists(String name, String token) {
        return header(name).stream().flatMap(v -> Arrays.stream(v.split(","))).anyMatch(t -> t.strip().equalsIgnoreCase(token));
    }
}
