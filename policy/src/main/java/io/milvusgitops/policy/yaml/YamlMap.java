package io.milvusgitops.policy.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** A YAML mapping whose keys are plain text; duplicate and unknown keys are reported with their position. */
public final class YamlMap {

    private final YamlValue self;
    private final Map<String, YamlValue> entries = new LinkedHashMap<>();
    private final Map<String, YamlValue> keys = new LinkedHashMap<>();

    YamlMap(YamlValue self, MappingNode node) {
        this.self = self;
        String prefix = self.path().isEmpty() ? "" : self.path() + ".";
        for (NodeTuple t : node.getValue()) {
            YamlValue key = new YamlValue(self.file(), t.getKeyNode(), prefix + "<key>", self.problems());
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                key.report("a key must be plain text but found " + key.kind(), "write the key as a word");
                continue;
            }
            String name = k.getValue();
            YamlValue keyAt = new YamlValue(self.file(), t.getKeyNode(), prefix + name, self.problems());
            if (entries.containsKey(name)) {
                keyAt.report("duplicate key '" + name + "' (first at line " + keys.get(name).line() + ")",
                        "keep one '" + name + "' and delete the other");
                continue;
            }
            keys.put(name, keyAt);
            entries.put(name, new YamlValue(self.file(), t.getValueNode(), prefix + name, self.problems()));
        }
    }

    /** Reads a whole file's root, which must be a mapping. */
    public static Optional<YamlMap> root(String file, Node node, Problems problems) {
        YamlValue v = new YamlValue(file, node, "", problems);
        if (!(node instanceof MappingNode m)) {
            // A file that is one text value is most likely not the file meant (a key, a password file): never repeat it.
            String is = node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? "one text value of " + s.getValue().length() + " characters"
                    : v.kind();
            v.report("the file must be a mapping of fields (apiVersion: ..., kind: ...) but is " + is,
                    "write the fields at the top level, without a leading '- ', or name the right file");
            return Optional.empty();
        }
        return Optional.of(new YamlMap(v, m));
    }

    public YamlValue self() {
        return self;
    }

    public String file() {
        return self.file();
    }

    public Optional<YamlValue> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The value, or a reported "missing" problem at the mapping's position. */
    public Optional<YamlValue> required(String key, String fix) {
        YamlValue v = entries.get(key);
        if (v == null || v.isNull()) {
            String field = self.path().isEmpty() ? key : self.path() + "." + key;
            self.problems().add(new Problem(self.file(), self.line(), self.column(), field,
                    "required field '" + key + "' is missing", fix));
            return Optional.empty();
        }
        return Optional.of(v);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The position of a key itself, for problems about the key rather than its value. */
    public YamlValue keyAt(String key) {
        return keys.get(key);
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    /** Reports every key that is not in {@code allowed}, with the closest allowed key as a hint. */
    public void allowOnly(List<String> allowed) {
        for (Map.Entry<String, YamlValue> e : keys.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                String hint = Suggestions.closest(e.getKey(), allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
                e.getValue().report("unknown field '" + e.getKey() + "'" + hint,
                        "remove it, or use one of: " + String.join(", ", new ArrayList<>(allowed)));
            }
        }
    }
}
