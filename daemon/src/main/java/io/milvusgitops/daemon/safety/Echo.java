package io.milvusgitops.daemon.safety;

/**
 * What may be repeated of a value a client sent (a ref, an event name, a delivery id, a path) in a
 * reply or a log line: at most {@link #MAX} characters, control characters shown as {@code ?}, so that
 * a 1 MB repository name or a forged line break never reaches a response or the log whole.
 */
public final class Echo {

    public static final int MAX = 100;

    private Echo() {
    }

    public static String of(String value) {
        if (value == null) return "";
        String cut = value.length() > MAX ? value.substring(0, MAX) : value;
        StringBuilder out = new StringBuilder(cut.length() + 24);
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        if (value.length() > MAX) out.append(" ... (").append(value.length()).append(" characters)");
        return out.toString();
    }
}
