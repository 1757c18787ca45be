package io.milvusgitops.simulator.kube;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The server side of an RFC 6455 WebSocket on a socket whose handshake is done: reads the client's masked frames
 * into whole messages (reassembling fragments, answering pings), writes unmasked binary frames and the close.
 * No extension is negotiated, so frames carry no compression. Writes come from two threads (the port-forward
 * pump and the reader's pongs and close), hence the lock on the output.
 */
final class WebSocket {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Far above what a port-forward client sends in one message (fabric8: 4 KB); a bound against a runaway length. */
    private static final int MAX_MESSAGE = 16 << 20;

    static final int NORMAL = 1000;
    static final int PROTOCOL_ERROR = 1002;
    static final int TOO_BIG = 1009;

    private final DataInputStream in;
    private final OutputStream out;
    private boolean closeSent;

    WebSocket(InputStream in, OutputStream out) {
        this.in = new DataInputStream(in);
        this.out = out;
    }

    /** {@code Sec-WebSocket-Accept} for the client's {@code Sec-WebSocket-Key}. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.strip() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * The next text or binary message's payload; empty once the client closed (its close is answered). Pings are
     * answered and pongs dropped on the way.
     */
    Optional<byte[]> read() throws IOException {
        ByteArrayOutputStream message = null;
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            if ((b1 & 0x80) == 0) {
                close(PROTOCOL_ERROR, "a client frame must be masked");
                throw new IOException("the client sent an unmasked frame");
            }
            long length = b1 & 0x7F;
            if (length == 126) length = in.readUnsignedShort();
            else if (length == 127) length = in.readLong();
            if (length < 0 || length > MAX_MESSAGE || (message != null && message.size() + length > MAX_MESSAGE)) {
                close(TOO_BIG, "message too big");
                throw new IOException("the client sent a message over " + MAX_MESSAGE + " bytes");
            }
            byte[] mask = new byte[4];
            in.readFully(mask);
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
            switch (opcode) {
                case 0x0 -> { // continuation of a fragmented message
                    if (message == null) {
                        close(PROTOCOL_ERROR, "a continuation without a message");
                        throw new IOException("the client sent a continuation frame outside a message");
                    }
                    message.write(payload);
                    if (fin) return Optional.of(message.toByteArray());
                }
                case 0x1, 0x2 -> {
                    if (fin) return Optional.of(payload);
                    message = new ByteArrayOutputStream();
                    message.write(payload);
                }
                case 0x8 -> {
                    // Echo the status code, as RFC 6455 5.5.1 asks of the endpoint that did not close first.
                    int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : NORMAL;
                    close(code, "");
                    return Optional.empty();
                }
                case 0x9 -> frame(0xA, payload, 0, payload.length);
                case 0xA -> { } // an answer to a ping nobody sent: nothing to do
                default -> {
                    close(PROTOCOL_ERROR, "unknown opcode " + opcode);
                    throw new IOException("the client sent a frame with the unknown opcode " + opcode);
                }
            }
        }
    }

    /**
     * After our close: reads on (for as long as the socket's read timeout allows) until the client's close or its end
     * of stream, so closing the TCP connection does not reset frames still unread.
     */
    void awaitClientClose() {
        try {
            while (read().isPresent()) {
                // data the client sent before it saw our close: dropped, as the stream has ended
            }
        } catch (IOException e) {
            // end of stream, timeout or reset: the connection is over either way
        }
    }

    void sendBinary(byte[] data, int offset, int length) throws IOException {
        frame(0x2, data, offset, length);
    }

    /** Sends the close frame once; later calls do nothing. */
    void close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        synchronized (out) {
            if (closeSent) return;
            closeSent = true;
            try {
                frame(0x8, payload, 0, payload.length);
            } catch (IOException e) {
                // The client is gone: there is no one left to tell.
            }
        }
    }

    /** One final frame, unmasked (a server never masks), header and payload in one write. */
    private void frame(int opcode, byte[] data, int offset, int length) throws IOException {
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] f = new byte[header + length];
        f[0] = (byte) (0x80 | opcode);
        if (length < 126) {
            f[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            f[1] = 126;
            f[2] = (byte) (length >> 8);
            f[3] = (byte) length;
        } else {
            f[1] = 127;
            for (int i = 0; i < 8; i++) f[2 + i] = (byte) ((long) length >> (56 - 8 * i));
        }
        System.arraycopy(data, offset, f, header, length);
        synchronized (out) {
            if (closeSent && opcode != 0x8) throw new EOFException("the WebSocket is closed");
            out.write(f);
            out.flush();
        }
    }
}
