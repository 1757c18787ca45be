package io.milvusgitops.simulator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label selectors ({@code a=b,c!=d,e in (x,y),f notin (z),g,!h}) and field selectors
 * ({@code metadata.name=x,involvedObject.kind=Deployment}) as the API server reads them.
 */
final class Selectors {

    private static final Pattern SET = Pattern.compile("^([\\w./-]+)\\s+(in|notin)\\s+\\((.*)\\)$");
    private static final Pattern EQUALITY = Pattern.compile("^([\\w./-]+)\\s*(==|=|!=)\\s*([\\w./-]*)$");
    private static final Pattern FIELD = Pattern.compile("^([\\w.]+)\\s*(==|=|!=)\\s*(.*)$");

    private Selectors() {
    }

    static Predicate<JsonNode> labels(String selector) {
        if (selector == null || selector.isBlank()) return o -> true;
        List<Predicate<JsonNode>> all = new ArrayList<>();
        for (String req : splitTop(selector)) all.add(labelRequirement(req));
        return o -> all.stream().allMatch(p -> p.test(o.path("metadata").path("labels")));
    }

    private static Predicate<JsonNode> labelRequirement(String req) {
        Matcher set = SET.matcher(req);
        if (set.matches()) {
            List<String> values = List.of(set.group(3).split("\\s*,\\s*"));
            boolean in = set.group(2).equals("in");
            String key = set.group(1);
            return labels -> labels.has(key) ? values.contains(labels.get(key).asText()) == in : !in;
        }
        Matcher eq = EQUALITY.matcher(req);
        if (eq.matches()) {
            String key = eq.group(1);
            String value = eq.group(3);
            boolean equal = !eq.group(2).equals("!=");
            return labels -> (labels.has(key) && labels.get(key).asText().equals(value)) == equal;
        }
        if (req.startsWith("!")) return labels -> !labels.has(req.substring(1).strip());
        if (req.matches("[\\w./-]+")) return labels -> labels.has(req);
        throw ApiException.badRequest("unable to parse requirement: invalid label selector: " + req);
    }

    static Predicate<JsonNode> fields(String selector) {
        if (selector == null || selector.isBlank()) return o -> true;
        List<Predicate<JsonNode>> all = new ArrayList<>();
        for (String req : splitTop(selector)) {
            Matcher m = FIELD.matcher(req);
            if (!m.matches()) throw ApiException.badRequest("invalid field selector: " + req);
            String path = m.group(1);
            String value = m.group(3);
            boolean equal = !m.group(2).equals("!=");
            all.add(o -> value(o, path).equals(value) == equal);
        }
        return o -> all.stream().allMatch(p -> p.test(o));
    }

    private static String value(JsonNode o, String path) {
        JsonNode cur = o;
        for (String part : path.split("\\.")) cur = cur.path(part);
        return cur.isMissingNode() || cur.isNull() ? "" : cur.isValueNode() ? cur.asText() : cur.toString();
    }

    /** Splits at commas outside parentheses: {@code a in (x,y),b} is two requirements. */
    private static List<String> splitTop(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ',' && depth == 0) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out.stream().filter(r -> !r.isEmpty()).toList();
    }
}
