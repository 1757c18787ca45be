package io.milvusgitops.policy.version;

import java.util.Optional;

/**
 * An interval of versions in the notation of Maven and the catalog: {@code [2.2.3,2.6.0)},
 * {@code [2.5.16,)}, {@code [2.6.0-rc1]}. A missing bound is open; {@code [v]} is one version.
 */
public record VersionRange(Optional<Version> lower, boolean lowerInclusive,
                           Optional<Version> upper, boolean upperInclusive) {

    public static VersionRange exactly(Version v) {
        return new VersionRange(Optional.of(v), true, Optional.of(v), true);
    }

    public static VersionRange atLeast(Version v) {
        return new VersionRange(Optional.of(v), true, Optional.empty(), false);
    }

    public static VersionRange between(Version lowerInclusive, Version upperExclusive) {
        return new VersionRange(Optional.of(lowerInclusive), true, Optional.of(upperExclusive), false);
    }

    /** Parses the interval notation; the message of the exception shows the expected form. */
    public static VersionRange parse(String text) {
        String t = text.trim();
        String expected = "write an interval such as [2.2.3,2.6.0), [2.5.16,) or [2.6.0-rc1]";
        if (t.length() < 3 || (t.charAt(0) != '[' && t.charAt(0) != '(')
                || (t.charAt(t.length() - 1) != ']' && t.charAt(t.length() - 1) != ')')) {
            throw new IllegalArgumentException("'" + text + "' is not a version range: " + expected);
        }
        boolean lowerIncl = t.charAt(0) == '[';
        boolean upperIncl = t.charAt(t.length() - 1) == ']';
        String body = t.substring(1, t.length() - 1);
        int comma = body.indexOf(',');
        if (comma < 0) {
            if (!lowerIncl || !upperIncl) {
                throw new IllegalArgumentException("'" + text + "' is not a version range: " + expected);
            }
            return exactly(Version.parse(body.trim()));
        }
        Optional<Version> lo = bound(body.substring(0, comma));
        Optional<Version> hi = bound(body.substring(comma + 1));
        if (lo.isPresent() && hi.isPresent() && lo.get().isAfter(hi.get())) {
            throw new IllegalArgumentException("'" + text + "' is empty: its lower bound is above its upper bound");
        }
        return new VersionRange(lo, lo.isPresent() && lowerIncl, hi, hi.isPresent() && upperIncl);
    }

    private static Optional<Version> bound(String s) {
        return s.isBlank() ? Optional.empty() : Optional.of(Version.parse(s.trim()));
    }

    public boolean contains(Version v) {
        if (lower.isPresent()) {
            int c = v.compareTo(lower.get());
            if (c < 0 || (c == 0 && !lowerInclusive)) return false;
        }
        if (upper.isPresent()) {
            int c = v.compareTo(upper.get());
            if (c > 0 || (c == 0 && !upperInclusive)) return false;
        }
        return true;
    }

    /** True when some version lies in both ranges. Versions are dense enough to treat bounds as points. */
    public boolean overlaps(VersionRange o) {
        return startsBeforeEndOf(this, o) && startsBeforeEndOf(o, this);
    }

    private static boolean startsBeforeEndOf(VersionRange a, VersionRange b) {
        if (a.lower.isEmpty() || b.upper.isEmpty()) return true;
        int c = a.lower.get().compareTo(b.upper.get());
        return c < 0 || (c == 0 && a.lowerInclusive && b.upperInclusive);
    }

    @Override
    public String toString() {
        if (lower.isPresent() && lower.equals(upper) && lowerInclusive && upperInclusive) {
            return "[" + lower.get() + "]";
        }
        return (lowerInclusive ? "[" : "(") + lower.map(Version::toString).orElse("") + ","
                + upper.map(Version::toString).orElse("") + (upperInclusive ? "]" : ")");
    }
}
