package io.milvusgitops.policy.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.testing.Corpus;
import io.milvusgitops.policy.yaml.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the bad-input corpus under {@code src/test/resources/fleet-corpus}: one broken fleet
 * repository per directory, each with an {@code expected.txt} of fragments that must appear in the
 * reported problems (see the corpus README). {@code fleet-corpus-valid} holds fleets that must parse.
 *
 * <p>expected.txt: {@code #} lines are comments; a line {@code !fragment} says that no problem may
 * contain the fragment (a follow-on error in an untouched file); every other line must be contained
 * in the {@link Problem#describe()} of at least one problem.
 */
class FleetCorpusTest {

    private static final String FORBIDDEN = "!";

    static Stream<Named<Path>> brokenCases() {
        return caseDirs("/fleet-corpus");
    }

    static Stream<Named<Path>> validCases() {
        return caseDirs("/fleet-corpus-valid");
    }

    static Stream<Named<Path>> allCases() {
        return Stream.concat(brokenCases(), validCases());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCases")
    void reportsEveryExpectedProblem(Path dir) throws IOException {
        List<String> lines = Corpus.expectationLines(dir);
        List<String> expected = lines.stream().filter(l -> !l.startsWith(FORBIDDEN)).toList();
        List<String> forbidden = lines.stream()
                .filter(l -> l.startsWith(FORBIDDEN))
                .map(l -> l.substring(FORBIDDEN.length()))
                .toList();
        assertThat(expected)
                .as("%s/%s must name at least one expected problem", dir.getFileName(), Corpus.EXPECTED)
                .isNotEmpty();

        FleetResult result = FleetParser.parse(Corpus.load(dir), VersionCatalog.builtIn());

        if (!(result instanceof FleetResult.Invalid invalid)) {
            fail("%s: expected the fleet to be refused, but it parsed as %s%nexpected problems containing:%n  %s",
                    dir.getFileName(), result, String.join("\n  ", expected));
            return;
        }
        List<Problem> problems = invalid.problems();
        String reported = Corpus.describeAll(problems);
        assertThat(problems)
                .as("%s: an Invalid result must carry at least one problem", dir.getFileName())
                .isNotEmpty();

        List<String> missing = expected.stream()
                .filter(fragment -> problems.stream().noneMatch(p -> p.describe().contains(fragment)))
                .toList();
        assertThat(missing)
                .withFailMessage("%s: no problem contains:%n  %s%nproblems reported (%d):%n  %s",
                        dir.getFileName(), String.join("\n  ", missing), problems.size(), reported)
                .isEmpty();

        List<String> unwanted = problems.stream()
                .map(Problem::describe)
                .filter(d -> forbidden.stream().anyMatch(d::contains))
                .toList();
        assertThat(unwanted)
                .withFailMessage("%s: problems that must not be reported (they contain one of %s):%n  %s"
                                + "%nall problems reported (%d):%n  %s",
                        dir.getFileName(), forbidden, String.join("\n  ", unwanted), problems.size(), reported)
                .isEmpty();

        assertThat(problems)
                .withFailMessage("%s: every problem needs a message; problems reported:%n  %s",
                        dir.getFileName(), reported)
                .allSatisfy(p -> assertThat(p.message()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void validFleetParses(Path dir) throws IOException {
        FleetResult result = FleetParser.parse(Corpus.load(dir), VersionCatalog.builtIn());

        if (result instanceof FleetResult.Invalid invalid) {
            fail("%s: expected a valid fleet, but problems were reported:%n  %s",
                    dir.getFileName(), Corpus.describeAll(invalid.problems()));
        }
        assertThat(result).isInstanceOf(FleetResult.Valid.class);
    }

    /** The parser never throws, and never hangs (alias bombs, deep nesting, huge files). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void parseAlwaysReturnsAResult(Path dir) throws IOException {
        FleetFiles files = Corpus.load(dir);
        FleetResult result = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> FleetParser.parse(files, VersionCatalog.builtIn()),
                () -> dir.getFileName() + ": parse did not finish");
        assertThat(result).as("%s: parse returned null", dir.getFileName()).isNotNull();
    }

    // ---------------------------------------------------------------------------------------------

    private static Stream<Named<Path>> caseDirs(String resource) {
        Path root = Corpus.resourceDir(resource);
        try (Stream<Path> children = Files.list(root)) {
            List<Named<Path>> dirs = children.filter(Files::isDirectory)
                    .sorted()
                    .map(d -> Named.of(d.getFileName().toString(), d))
                    .toList();
            assertThat(dirs).as("no cases under %s", root).isNotEmpty();
            return dirs.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
