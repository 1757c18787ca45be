package io.milvusgitops.policy.yaml;

/**
 * One thing wrong with an input file, said so that a person can fix it without reading code:
 * where ({@code file:line:column}), which field (a path such as {@code targets[1].method}),
 * what is wrong, and what to write instead.
 */
public record Problem(String file, int line, int column, String field, String message, String fix) {

    /** The longest message or fix a problem carries: whatever a check repeats of the input, the output stays short. */
    public static final int MAX_TEXT = 500;

    public Problem {
        message = cap(message);
        fix = cap(fix);
    }

    private static String cap(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + " ...";
    }

    public static Problem atFile(String file, String message, String fix) {
        return new Problem(file, 0, 0, "", message, fix);
    }

    /** {@code environments/prod.yaml:7:5: targets[0].method: unknown value 'helmm'. Fix: write one of ...}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (!field.isEmpty()) {
            sb.append(field).append(": ");
        }
        sb.append(message);
        if (!fix.isEmpty()) {
            sb.append(". Fix: ").append(fix);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
