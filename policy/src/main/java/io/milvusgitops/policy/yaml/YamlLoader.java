package io.milvusgitops.policy.yaml;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Turns YAML text into a node tree that keeps line and column of every value. It never constructs
 * Java objects from tags, refuses more than one document, and stops at the size and alias bounds of
 * {@link YamlLimits} with a {@link Problem} instead of an exception.
 */
public final class YamlLoader {

    private YamlLoader() {
    }

    /** The single document of a file, or empty after adding the reason to {@code problems}. */
    public static Optional<Node> load(String file, String text, YamlLimits limits, Problems problems) {
        return load(file, text, limits, problems, true);
    }

    /** Like {@link #load}, but a file without a document (empty, or only comments) is fine and gives empty. */
    public static Optional<Node> loadIfAny(String file, String text, YamlLimits limits, Problems problems) {
        return load(file, text, limits, problems, false);
    }

    private static Optional<Node> load(String file, String text, YamlLimits limits, Problems problems, boolean required) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxBytes()) {
            problems.add(Problem.atFile(file, "file is " + bytes + " bytes, more than the limit of "
                    + limits.maxBytes() + " bytes", "split it, or remove what does not belong in it"));
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(limits.maxAliases())
                .setCodePointLimit(limits.maxBytes())
                .setUseMarks(true)
                .build();
        try {
            // The composer builds the node tree recursively: a file nested tens of thousands of levels
            // deep would overflow the stack. The parser is not recursive, so count the depth with it first.
            Optional<Problem> tooDeep = tooDeep(file, text, settings, limits.maxDepth());
            if (tooDeep.isPresent()) {
                problems.add(tooDeep.get());
                return Optional.empty();
            }
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Iterator<Node> documents = composer;
            if (!documents.hasNext()) {
                if (!required) {
                    return Optional.empty();
                }
                problems.add(Problem.atFile(file, "file is empty", "write the YAML document described in docs/fleet-format.md"));
                return Optional.empty();
            }
            Node root = documents.next();
            if (documents.hasNext()) {
                Node second = documents.next();
                problems.add(at(file, second.getStartMark().orElse(null), "", "file holds more than one YAML document",
                        "keep one document per file: remove the second '---'"));
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            problems.add(at(file, mark, "", "not valid YAML: " + firstLine(e.getProblem()), "correct the YAML syntax at this position"));
            return Optional.empty();
        } catch (StackOverflowError e) {
            problems.add(Problem.atFile(file, "the YAML is too deeply nested to read", "flatten the file"));
            return Optional.empty();
        } catch (YamlEngineException e) {
            String msg = String.valueOf(e.getMessage());
            String fix = msg.contains("aliases") ? "do not use more than " + limits.maxAliases()
                    + " anchors/aliases (*name) for lists or mappings; write the values out"
                    : "correct the YAML syntax";
            problems.add(Problem.atFile(file, "not accepted as YAML: " + firstLine(msg), fix));
            return Optional.empty();
        }
    }

    private static Optional<Problem> tooDeep(String file, String text, LoadSettings settings, int max) {
        ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
        int depth = 0;
        while (parser.hasNext()) {
            Event e = parser.next();
            switch (e.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > max) {
                        return Optional.of(at(file, e.getStartMark().orElse(null), "", "nesting is deeper than " + max + " levels",
                                "flatten the file: the format never nests that deep"));
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> { }
            }
        }
        return Optional.empty();
    }

    static Problem at(String file, Mark mark, String field, String message, String fix) {
        if (mark == null) {
            return new Problem(file, 0, 0, field, message, fix);
        }
        return new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, field, message, fix);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
