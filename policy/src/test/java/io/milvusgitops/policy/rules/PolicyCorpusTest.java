package io.milvusgitops.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.FleetFiles;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.testing.Corpus;
import io.milvusgitops.policy.yaml.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the bad-input corpus of the policy file under {@code src/test/resources/policy-corpus}: one
 * fleet repository per directory, the untouched baseline fleet ({@code fleet-corpus-valid/baseline})
 * with a {@code policy.yaml} that is {@code base-policy.yaml} plus one deliberate defect (the last
 * case holds three). Each has an {@code expected.txt} of fragments that must appear in the
 * reported problems (see the corpus README).
 *
 * <p>expected.txt: {@code #} lines are comments; a line {@code !fragment} says that no problem may
 * contain the fragment; every other line must be contained in the {@link Problem#describe()} of at
 * least one problem. The parser must refuse the fleet ({@link FleetResult.Invalid}), and must do so
 * by reporting problems: an exception is a failure of its own.
 */
class PolicyCorpusTest {

    private static final String CORPUS = "/policy-corpus";
    private static final String BASELINE = "/fleet-corpus-valid/baseline";
    private static final String BASE_POLICY = "base-policy.yaml";
    private static final String POLICY = "policy.yaml";
    private static final String FORBIDDEN = "!";

    static Stream<Named<Path>> cases() {
        Path root = Corpus.resourceDir(CORPUS);
        try (Stream<Path> children = Files.list(root)) {
            List<Named<Path>> dirs = children.filter(Files::isDirectory)
                    .sorted()
                    .map(d -> Named.of(d.getFileName().toString(), d))
                    .toList();
            assertThat(dirs).as("no cases under %s", root).hasSizeGreaterThanOrEqualTo(30);
            return dirs.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEveryExpectedProblem(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        List<String> lines = Corpus.expectationLines(dir);
        List<String> expected = lines.stream().filter(l -> !l.startsWith(FORBIDDEN)).toList();
        List<String> forbidden = lines.stream()
                .filter(l -> l.startsWith(FORBIDDEN))
                .map(l -> l.substring(FORBIDDEN.length()))
                .toList();
        assertThat(expected).as("%s/%s must name at least one expected problem", name, Corpus.EXPECTED).isNotEmpty();

        FleetResult result = parseWithoutThrowing(name, Corpus.load(dir));

        if (!(result instanceof FleetResult.Invalid invalid)) {
            fail("%s: expected the fleet to be refused because of its policy.yaml, but it parsed as valid%n"
                            + "expected problems containing:%n  %s",
                    name, String.join("\n  ", expected));
            return;
        }
        List<Problem> problems = invalid.problems();
        String reported = Corpus.describeAll(problems);
        assertThat(problems).as("%s: an Invalid result must carry at least one problem", name).isNotEmpty();

        List<String> missing = expected.stream()
                .filter(fragment -> problems.stream().noneMatch(p -> p.describe().contains(fragment)))
                .toList();
        assertThat(missing)
                .withFailMessage("%s: no problem contains:%n  %s%nproblems reported (%d):%n  %s",
                        name, String.join("\n  ", missing), problems.size(), reported)
                .isEmpty();

        List<String> unwanted = problems.stream()
                .map(Problem::describe)
                .filter(d -> forbidden.stream().anyMatch(d::contains))
                .toList();
        assertThat(unwanted)
                .withFailMessage("%s: problems that must not be reported (they contain one of %s):%n  %s"
                                + "%nall problems reported (%d):%n  %s",
                        name, forbidden, String.join("\n  ", unwanted), problems.size(), reported)
                .isEmpty();

        assertThat(problems)
                .withFailMessage("%s: every problem needs a message and a fix; problems reported:%n  %s", name, reported)
                .allSatisfy(p -> {
                    assertThat(p.message()).isNotBlank();
                    assertThat(p.fix()).isNotBlank();
                });
    }

    /** Each case is the baseline fleet with only policy.yaml changed, so its defects are the policy's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caseChangesOnlyThePolicy(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>(Corpus.load(dir).files());
        Map<String, String> baseline = new TreeMap<>(Corpus.load(Corpus.resourceDir(BASELINE)).files());
        assertThat(files).as("%s has no %s", dir.getFileName(), POLICY).containsKey(POLICY);
        assertThat(files.get(POLICY))
                .as("%s: policy.yaml must differ from %s", dir.getFileName(), BASE_POLICY)
                .isNotEqualTo(basePolicy());
        files.remove(POLICY);
        baseline.remove(POLICY);
        assertThat(files).as("%s: every file but policy.yaml must be the baseline's", dir.getFileName()).isEqualTo(baseline);
    }

    /** The policy every case starts from is valid with the baseline fleet: each case's problems are its own defect. */
    @Test
    void basePolicyIsValid() throws IOException {
        Map<String, String> files = new TreeMap<>(Corpus.load(Corpus.resourceDir(BASELINE)).files());
        files.put(POLICY, basePolicy());
        FleetResult result = parseWithoutThrowing(BASE_POLICY, new FleetFiles(files));
        if (result instanceof FleetResult.Invalid invalid) {
            fail("%s: expected a valid policy, but problems were reported:%n  %s", BASE_POLICY, Corpus.describeAll(invalid.problems()));
        }
        assertThat(result).isInstanceOf(FleetResult.Valid.class);
        Policy policy = ((FleetResult.Valid) result).fleet().policy();
        assertThat(policy.environments()).containsOnlyKeys("dev", "staging", "prod");
        RuleSet prod = policy.environments().get("prod");
        assertThat(prod.windows()).hasSize(1);
        assertThat(prod.freezeList()).hasSize(1);
        assertThat(prod.customRules()).hasSize(1);
        assertThat(prod.approvals()).isPresent();
        assertThat(prod.waves()).isPresent();
        assertThat(prod.promotionGate()).isPresent();
    }

    // ---------------------------------------------------------------------------------------------

    /** Parses within a time bound; an exception (or error) from the parser fails with its stack trace. */
    private static FleetResult parseWithoutThrowing(String name, FleetFiles files) {
        FleetResult result;
        try {
            result = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> FleetParser.parse(files, VersionCatalog.builtIn()),
                    () -> name + ": parse did not finish");
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return fail("%s: the parser threw instead of reporting a problem:%n%s", name, trace);
        }
        assertThat(result).as("%s: parse returned null", name).isNotNull();
        return result;
    }

    private static String basePolicy() throws IOException {
        return Files.readString(Corpus.resourceDir(CORPUS).resolve(BASE_POLICY), StandardCharsets.UTF_8);
    }
}
