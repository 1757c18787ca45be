package io.milvusgitops.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.daemon.git.GitSource;
import io.milvusgitops.daemon.git.GitSourceSettings;
import io.milvusgitops.daemon.git.PollOutcome;
import io.milvusgitops.daemon.testing.FleetRepo;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import io.milvusgitops.policy.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One repository, one answer: {@code validate} (a checked-out directory) and the daemon (a commit's tree)
 * read a fleet through the same loader, so an environment file that is a link or a directory is the
 * same clear error in both, naming the file, never an environment silently dropped.
 */
class OneLoaderTest {

    static final Path EXAMPLE = Path.of("../examples/fleet");

    @TempDir
    Path tmp;

    static Stream<Arguments> hostileLayouts() {
        return Stream.of(
                Arguments.of("a link to a file outside the repository", (Layout) (work, outside) -> {
                    Path target = outside.resolve("prod.yaml");
                    Files.move(work.resolve("environments/prod.yaml"), target);
                    Files.createSymbolicLink(work.resolve("environments/prod.yaml"), target);
                }, "symbolic link"),
                Arguments.of("a link to another environment's file", (Layout) (work, outside) -> {
                    Files.delete(work.resolve("environments/prod.yaml"));
                    Files.createSymbolicLink(work.resolve("environments/prod.yaml"), Path.of("staging.yaml"));
                }, "symbolic link"),
                Arguments.of("a directory", (Layout) (work, outside) -> {
                    Files.delete(work.resolve("environments/prod.yaml"));
                    Files.createDirectories(work.resolve("environments/prod.yaml"));
                    Files.writeString(work.resolve("environments/prod.yaml/inside.yaml"), "name: prod\n");
                }, "is a directory"));
    }

    @FunctionalInterface
    interface Layout {
        void apply(Path work, Path outside) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLayouts")
    void validateAndTheDaemonRefuseTheSameRepositoryNamingTheFile(String what, Layout layout, String says) throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        try (FleetRepo repo = FleetRepo.create(Files.createDirectories(tmp.resolve("repos")), "fleet.git", EXAMPLE)) {
            layout.apply(repo.work(), outside);
            repo.commitAll("hostile: " + what);

            FleetResult local = FleetParser.parse(DirectoryFleetReader.read(repo.work()), VersionCatalog.builtIn());
            assertThat(local).as("validate").isInstanceOfSatisfying(FleetResult.Invalid.class, inv -> assertThat(inv.problems())
                    .anySatisfy(fileProblem("environments/prod.yaml", says)));

            try (GitSource daemon = new GitSource(GitSourceSettings.of(repo.fileUrl(), "main", tmp.resolve("cache"))
                    .withTimeout(Duration.ofSeconds(5)), VersionCatalog.builtIn(), Clock.systemUTC())) {
                assertThat(daemon.poll()).as("the daemon").isInstanceOfSatisfying(PollOutcome.Rejected.class,
                        r -> assertThat(r.rejection().describe()).contains("environments/prod.yaml").contains(says));
            }
        }
    }

    static Consumer<Problem> fileProblem(String file, String says) {
        return p -> {
            assertThat(p.file()).isEqualTo(file);
            assertThat(p.message()).contains(says);
        };
    }
}
