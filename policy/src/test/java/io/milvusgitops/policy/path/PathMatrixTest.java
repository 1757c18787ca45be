package io.milvusgitops.policy.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.UpgradeRule;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every (method, mode, message queue) for a representative set of version pairs, against a golden file
 * (src/test/resources/path-matrix.txt): a new rule cannot silently change a path nobody looked at. Each hop
 * names its rule, and every rule a path or a refusal rests on cites a document at a commit. After a deliberate
 * change: {@code ./mvnw -pl policy test -Dtest=PathMatrixTest -Dgolden.update=true}, then review the diff.
 */
class PathMatrixTest {

    private static final Path GOLDEN = Path.of("src/test/resources/path-matrix.txt");

    /** The pairs the guides speak of, each boundary of the rules, and the cases issue 14 found wrong. */
    static final List<String> PAIRS = List.of(
            "1.1.1 2.0.2", "2.0.0-RC6 2.0.0", "2.0.0-RC7 2.0.0-RC8", "2.0.0-PreGA 2.0.0", "2.0.2 2.1.4", "2.1.4 2.2.16", "2.1.4 2.5.27",
            "2.2.0 2.2.3", "2.2.3 2.2.16", "2.2.4 2.2.6", "2.3.22 2.4.24", "2.4.5 2.5.16", "2.4.12 2.4.13", "2.4.15 2.4.17",
            "2.5.3 2.6.22", "2.5.16 2.6.22", "2.5.16 2.6.0-rc1", "2.6.0-rc1 2.6.22", "2.6.1 2.6.22", "2.6.20 3.0.0");

    @Test
    void everyDeploymentShapeForTheRepresentativePairsIsAsReviewed() throws IOException {
        UpgradePlanner planner = new UpgradePlanner(VersionCatalog.builtIn());
        Map<String, UpgradeRule> rules = VersionCatalog.builtIn().rules().stream().collect(Collectors.toMap(UpgradeRule::id, Function.identity()));
        StringBuilder out = new StringBuilder("# method mode queue from -> to: hops [rule] (chart), or REFUSED code: reason (shortened)\n");
        for (String pair : PAIRS) {
            Version from = Version.parse(pair.split(" ")[0]);
            Version to = Version.parse(pair.split(" ")[1]);
            for (DeployMethod m : DeployMethod.values()) {
                for (DeployMode mode : DeployMode.values()) {
                    for (MessageQueue q : MessageQueue.values()) {
                        PathResult r = planner.plan(PathRequest.of(from, to, m, mode, q));
                        out.append(m).append(' ').append(mode).append(' ').append(q).append(' ').append(from).append(" -> ").append(to).append(": ");
                        switch (r) {
                            case PathResult.Found f -> {
                                out.append(f.path().hops().isEmpty() ? "no hop" : String.join(", ", f.path().hops().stream().map(h -> h.kind() + " "
                                        + h.from() + ">" + h.to() + " [" + h.rule() + "]" + h.chart().map(c -> " (" + c.chartVersion() + ")").orElse(""))
                                        .toList()));
                                f.path().hops().forEach(h -> assertThat(rules.get(h.rule()).source()).as("evidence of %s", h.rule())
                                        .matches("(?s).*@[0-9a-f]{12}.*"));
                            }
                            case PathResult.Refused x -> {
                                String reason = x.refusal().reason();
                                out.append("REFUSED ").append(x.refusal().code()).append(": ").append(reason, 0, Math.min(110, reason.length()));
                                assertThat(reason).as("a refusal says why, with its source").matches("(?s).*(\\[.+]|@[0-9a-f]{12}|pre-release|downgrade).*");
                            }
                        }
                        out.append('\n');
                    }
                }
            }
        }
        if (Boolean.getBoolean("golden.update") || !Files.exists(GOLDEN)) {
            Files.writeString(GOLDEN, out.toString(), StandardCharsets.UTF_8);
        }
        assertThat(out.toString()).as("the paths against %s (a deliberate change: -Dgolden.update=true, then review the diff)", GOLDEN)
                .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }
}
