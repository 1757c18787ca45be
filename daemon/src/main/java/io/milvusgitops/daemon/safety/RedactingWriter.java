package io.milvusgitops.daemon.safety;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that passes every line through {@link Redaction#redact} before it reaches {@code out}: the
 * command line's stdout and stderr, so that no command can print a credential whatever builds its text.
 * Whole lines are redacted (a URL is never split between two writes); a flush writes the partial line.
 */
public final class RedactingWriter extends Writer {

    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    public RedactingWriter(Writer out) {
        this.out = out;
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            line.append(buf[i]);
            if (buf[i] == '\n') writeLine();
        }
    }

    private void writeLine() throws IOException {
        if (line.isEmpty()) return;
        out.write(Redaction.redact(line.toString()));
        line.setLength(0);
    }

    @Override
    public synchronized void flush() throws IOException {
        writeLine();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }
}
