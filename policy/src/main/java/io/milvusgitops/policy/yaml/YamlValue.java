package io.milvusgitops.policy.yaml;

import io.milvusgitops.policy.target.Named;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One value in a YAML file with its position and field path ({@code targets[1].kubernetes}).
 * Every accessor reports a wrong type to {@link Problems} and returns empty, so a reader can go on
 * and find every other problem of the file in the same run.
 */
public final class YamlValue {

    private final String file;
    private final Node node;
    private final String path;
    private final Problems problems;

    public YamlValue(String file, Node node, String path, Problems problems) {
        this.file = file;
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public int column() {
        return node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
    }

    /** Character offsets of the value in the file, [start, end): for edits that keep everything else byte for byte. */
    public int startIndex() {
        return node.getStartMark().map(m -> m.getIndex()).orElse(-1);
    }

    public int endIndex() {
        return node.getEndMark().map(m -> m.getIndex()).orElse(-1);
    }

    public Problems problems() {
        return problems;
    }

    public boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** A plain or quoted text scalar: not a number, boolean, null, list or mapping. */
    public boolean isText() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.STR);
    }

    /** What the value is, for messages: "the number 2024", "a list". */
    public String describe() {
        if (node instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
            return "the number " + s.getValue();
        }
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR) && s.getScalarStyle() != ScalarStyle.PLAIN) {
            return "the quoted text '" + excerpt(s.getValue()) + "'";
        }
        return kind();
    }

    /** Reports a problem at this value's position. */
    public void report(String message, String fix) {
        problems.add(new Problem(file, line(), column(), path, message, fix));
    }

    /** A scalar's text. Quoted or not, {@code 2.5.16} and {@code "2.5.16"} read the same. */
    public Optional<String> asString(String fix) {
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return Optional.of(s.getValue());
        }
        report("expected a text value but found " + kind(), fix);
        return Optional.empty();
    }

    /** A non-blank scalar without surrounding spaces. */
    public Optional<String> asName(String fix) {
        Optional<String> s = asString(fix);
        if (s.isPresent() && (s.get().isBlank() || !s.get().strip().equals(s.get()))) {
            report("must not be blank or start or end with spaces", fix);
            return Optional.empty();
        }
        return s;
    }

    public Optional<Boolean> asBoolean() {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            return Optional.of(Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT)));
        }
        report("expected true or false but found " + describe(), isText() ? "write true or false without quotes" : "write true or false");
        return Optional.empty();
    }

    public Optional<Integer> asInt(int min, int max) {
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                int v = Integer.parseInt(s.getValue());
                if (v >= min && v <= max) {
                    return Optional.of(v);
                }
            } catch (NumberFormatException ignored) {
                // reported below with the allowed range
            }
        }
        report("expected a whole number from " + min + " to " + max + " but found " + describe(),
                "write a number from " + min + " to " + max + (isText() ? " without quotes" : ""));
        return Optional.empty();
    }

    public <E extends Enum<E> & Named> Optional<E> asEnum(Class<E> type) {
        String choices = Named.choices(type);
        Optional<String> text = asString("write one of: " + choices);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<E> value = Named.byId(type, text.get());
        if (value.isEmpty()) {
            String hint = Suggestions.closest(text.get(), Arrays.stream(type.getEnumConstants()).map(Named::id).toList())
                    .map(s -> " (did you mean '" + s + "'?)").orElse("");
            report("unknown value '" + text.get() + "'" + hint, "write one of: " + choices);
        }
        return value;
    }

    public Optional<YamlMap> asMap() {
        if (node instanceof MappingNode m) {
            return Optional.of(new YamlMap(this, m));
        }
        report("expected a mapping (key: value lines) but found " + kind(), "indent the fields under this key");
        return Optional.empty();
    }

    /** The items of a list; an absent list or {@code []} gives an empty list. */
    public Optional<List<YamlValue>> asList() {
        if (isNull()) {
            return Optional.of(Collections.emptyList());
        }
        if (node instanceof SequenceNode seq) {
            List<YamlValue> items = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                items.add(new YamlValue(file, seq.getValue().get(i), path + "[" + i + "]", problems));
            }
            return Optional.of(items);
        }
        report("expected a list ('- ' items) but found " + kind(), "write the items as a YAML list");
        return Optional.empty();
    }

    /** The most of a value a message repeats: its first line, cut at {@link #EXCERPT} characters (a whole file may be one scalar). */
    public static String excerpt(String value) {
        int eol = value.indexOf('\n');
        String first = eol < 0 ? value : value.substring(0, eol);
        boolean cut = eol >= 0 || first.length() > EXCERPT;
        return (first.length() > EXCERPT ? first.substring(0, EXCERPT) : first) + (cut ? " ..." : "");
    }

    /** See {@link #excerpt}. */
    public static final int EXCERPT = 40;

    Node node() {
        return node;
    }

    String kind() {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when s.getTag().equals(Tag.NULL) -> "nothing (null)";
            case ScalarNode s -> "'" + excerpt(s.getValue()) + "'";
            default -> "an unsupported node";
        };
    }
}
