package io.milvusgitops.daemon.safety;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Every file the daemon reads that someone else wrote (secrets, kubeconfigs, the daemon config, live
 * snapshots, fleet files checked out in a directory): a regular file (a link to one is fine, as
 * Kubernetes mounts Secrets), never a directory, device or FIFO ({@code /dev/zero} and a named pipe are
 * refused from their attributes alone, before anything is opened); at most {@code maxBytes}, counted
 * while reading too (a file that grows is cut off, not read to the end); and UTF-8 text. Each refusal
 * is an {@link Unreadable} whose message names the file and says what is wrong with it, never its
 * contents.
 */
public final class SafeFiles {

    /** A secret (a token, a webhook secret, a URL) fits in far less. */
    public static final long SECRET_BYTES = 64 << 10;
    /** A kubeconfig with many clusters and their certificates. */
    public static final long KUBECONFIG_BYTES = 4 << 20;

    private SafeFiles() {
    }

    /** A file that was not read: why ({@code reason}) and what to do ({@code fix}); the message is the whole sentence, naming the file. */
    public static final class Unreadable extends IOException {
        private final String reason;
        private final String fix;

        Unreadable(String what, Path file, String reason, String fix) {
            super(what + " " + file + " " + reason + ": " + fix);
            this.reason = reason;
            this.fix = fix;
        }

        /** "is a directory", "is not UTF-8 text (line 3, byte 41)". */
        public String reason() {
            return reason;
        }

        public String fix() {
            return fix;
        }
    }

    /** The text of {@code file}; {@code what} names it in messages ("the webhook secret file"). */
    public static String readText(Path file, long maxBytes, String what) throws Unreadable {
        byte[] bytes = readBytes(file, maxBytes, what);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Unreadable(what, file, "is not UTF-8 text" + position(bytes), "save it as UTF-8");
        }
    }

    /** The bytes of {@code file}, under the same checks. */
    public static byte[] readBytes(Path file, long maxBytes, String what) throws Unreadable {
        BasicFileAttributes attrs = regular(file, what);
        if (attrs.size() > maxBytes) {
            throw new Unreadable(what, file, "is " + attrs.size() + " bytes, more than the limit of " + maxBytes, "name the right file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new Unreadable(what, file, "grew past the limit of " + maxBytes + " bytes while it was read", "name the right file");
            }
            return bytes;
        } catch (Unreadable u) {
            throw u;
        } catch (IOException e) {
            throw new Unreadable(what, file, "cannot be read (" + Failures.describe(e) + ")", "check the file");
        }
    }

    /** The attributes of a regular file (a symbolic link is followed), or why it is none. */
    public static BasicFileAttributes regular(Path file, String what) throws Unreadable {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new Unreadable(what, file, "does not exist", "create it, or name the right file");
        } catch (AccessDeniedException e) {
            throw new Unreadable(what, file, "cannot be read (permission denied)", "make it readable by the daemon's user");
        } catch (IOException e) {
            throw new Unreadable(what, file, "cannot be read (" + Failures.describe(e) + ")", "check the file");
        }
        if (attrs.isRegularFile()) return attrs;
        String kind = attrs.isDirectory() ? "a directory" : "not a regular file (a device, a pipe or a socket)";
        throw new Unreadable(what, file, "is " + kind, "name a file");
    }

    /** Where the first byte that is not UTF-8 is: the decoder's exception does not say. */
    private static String position(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (!utf8.decode(in, CharBuffer.allocate(bytes.length + 1), true).isError()) return "";
        int line = 1;
        for (int i = 0; i < in.position(); i++) if (bytes[i] == '\n') line++;
        return " (line " + line + ", byte " + (in.position() + 1) + ")";
    }
}
