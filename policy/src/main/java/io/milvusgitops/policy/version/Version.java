package io.milvusgitops.policy.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Milvus release or Helm chart version: {@code major.minor.patch} with an optional suffix.
 *
 * <p>Milvus spells its suffixes inconsistently across tags, release notes and charts
 * ({@code 2.0.0-RC1}, {@code 2.0.0-rc.1}, {@code 2.4.0-rc.1}, {@code 2.4.13-hotfix}), so the
 * suffix is normalised (lower case, no separators) before it is compared: {@code RC1} and
 * {@code rc.1} are one version. A suffix starting with {@code hotfix} sorts after the version
 * it fixes; every other suffix sorts before its release, in the order Milvus released them:
 * alpha, beta, rc, pre-GA ({@code 2.0.0-RC8} came before {@code 2.0.0-PreGA}, which came before
 * 2.0.0). A suffix of digits only ({@code 2.0.0-0}) is below every other pre-release: the catalog
 * writes "below every 2.0 pre-release" as {@code 2.0.0-0}, as semantic versioning does.
 *
 * <p>The numbers are strict: no leading zero ({@code 02.05.016} is refused, not read as 2.5.16), so a
 * version has one spelling of its numbers and a typo is never silently another release.
 */
public record Version(int major, int minor, int patch, String suffix) implements Comparable<Version> {

    private static final Pattern SYNTAX =
            Pattern.compile("[vV]?(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})(?:-([0-9A-Za-z][0-9A-Za-z.\\-]*))?");
    /** Three numbers, one of them with a leading zero: a version written wrongly, not something else. */
    private static final Pattern LEADING_ZERO = Pattern.compile("[vV]?(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})(-.*)?");
    /** The pre-release words Milvus used, in release order; a word not listed sorts after them, by its spelling. */
    private static final List<String> PRE_RELEASE_ORDER = List.of("alpha", "beta", "rc", "prega");

    public Version {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
        suffix = normaliseSuffix(Objects.requireNonNull(suffix, "suffix"));
    }

    public static Version of(int major, int minor, int patch) {
        return new Version(major, minor, patch, "");
    }

    /** Parses {@code 2.5.16}, {@code v2.5.16}, {@code 2.0.0-rc.1}; empty when the text is not a version. */
    public static Optional<Version> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4) == null ? "" : m.group(4)));
    }

    /** Parses a version or throws {@link IllegalArgumentException} with a message that shows the expected form. */
    public static Version parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a version: " + fix(text)));
    }

    /**
     * What to write instead of {@code text}, which is not a version: {@code 02.05.016} -> "a number has a
     * leading zero: write 2.5.16"; anything else -> the expected form.
     */
    public static String fix(String text) {
        Matcher m = text == null ? null : LEADING_ZERO.matcher(text.trim());
        if (m != null && m.matches() && (leadingZero(m.group(1)) || leadingZero(m.group(2)) || leadingZero(m.group(3)))) {
            String numbers = Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3));
            return "a number has a leading zero; write " + numbers + (m.group(4) == null ? "" : m.group(4));
        }
        return "write MAJOR.MINOR.PATCH, for example 2.5.16 (a pre-release or hotfix as 2.4.0-rc.1 or 2.4.13-hotfix)";
    }

    public boolean isPreRelease() {
        return !suffix.isEmpty() && !isHotfix();
    }

    public boolean isHotfix() {
        return suffix.startsWith("hotfix");
    }

    /** The release line, {@code 2.5} for {@code 2.5.16}. */
    public String line() {
        return major + "." + minor;
    }

    public boolean sameLine(Version other) {
        return major == other.major && minor == other.minor;
    }

    public boolean isBefore(Version other) {
        return compareTo(other) < 0;
    }

    public boolean isAfter(Version other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(patch, o.patch);
        if (c == 0) c = Integer.compare(suffixRank(), o.suffixRank());
        if (c == 0) c = compareTokens(tokens(suffix), tokens(o.suffix));
        return c;
    }

    /** Pre-releases sort before the release, hotfixes after it. */
    private int suffixRank() {
        if (suffix.isEmpty()) return 0;
        return isHotfix() ? 1 : -1;
    }

    /** {@code 2.5.16}; suffixed versions keep their normalised suffix: {@code 2.0.0-rc1}. */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (suffix.isEmpty() ? "" : "-" + suffix);
    }

    /** The image tag form Milvus uses: {@code v2.5.16}. */
    public String tag() {
        return "v" + this;
    }

    /** {@code RC1}, {@code rc.1} -> {@code rc1}; {@code pre-GA} -> {@code prega}; {@code rc.5-hotfix1} -> {@code rc5-hotfix1}. */
    private static String normaliseSuffix(String raw) {
        String[] parts = raw.toLowerCase(Locale.ROOT).split("hotfix", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append(out.isEmpty() ? "hotfix" : "-hotfix");
            }
            out.append(parts[i].replaceAll("[^a-z0-9]", ""));
        }
        return out.toString();
    }

    private static boolean leadingZero(String number) {
        return number.length() > 1 && number.charAt(0) == '0';
    }

    private static int wordRank(String word) {
        int i = PRE_RELEASE_ORDER.indexOf(word);
        return i < 0 ? PRE_RELEASE_ORDER.size() : i;
    }

    private static List<Object> tokens(String s) {
        List<Object> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("\\d+|[a-z]+").matcher(s);
        while (m.find()) {
            String t = m.group();
            tokens.add(Character.isDigit(t.charAt(0)) ? (Object) Long.parseLong(t) : t);
        }
        return tokens;
    }

    private static int compareTokens(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c;
            if (x instanceof Long lx && y instanceof Long ly) {
                c = Long.compare(lx, ly);
            } else if (x instanceof String sx && y instanceof String sy) {
                c = Integer.compare(wordRank(sx), wordRank(sy));
                if (c == 0) c = sx.compareTo(sy);
            } else {
                c = x instanceof Long ? -1 : 1; // numbers before words
            }
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }
}
