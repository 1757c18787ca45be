package io.milvusgitops.daemon.promote;

import io.milvusgitops.policy.yaml.Problems;
import io.milvusgitops.policy.yaml.YamlLimits;
import io.milvusgitops.policy.yaml.YamlLoader;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.util.Optional;

/**
 * Rewrites the {@code milvusVersion} value of an environment file and nothing else: comments,
 * order, quoting and spacing stay byte for byte, so the promotion commit is a one-line diff.
 */
final class VersionEdit {

    private VersionEdit() {
    }

    static Optional<String> setMilvusVersion(String file, String text, String version) {
        Problems problems = new Problems();
        Optional<YamlValue> value = YamlLoader.load(file, text, YamlLimits.USER_FILE, problems)
                .flatMap(n -> YamlMap.root(file, n, problems))
                .flatMap(m -> m.get("milvusVersion"));
        if (value.isEmpty() || value.get().startIndex() < 0) {
            return Optional.empty();
        }
        int start = value.get().startIndex();
        int end = value.get().endIndex();
        String old = text.substring(start, end);
        char q = old.isEmpty() ? 0 : old.charAt(0);
        String replacement = (q == '"' || q == '\'') ? q + version + q : version;
        return Optional.of(text.substring(0, start) + replacement + text.substring(end));
    }
}
