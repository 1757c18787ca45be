package io.milvusgitops.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * The runs of a crash matrix: the kill points of one scenario share one run (one deployment, one repository, one daemon
 * started again after each kill), in order. The first point of a scenario opens its run and its last ends and closes
 * it. A point that fails leaves the run broken, so that the scenario's later points say why they cannot be reached; a
 * point the run cannot reach (an assumption, aborted) leaves it going on. The runs live in a directory of their own,
 * made here and not by {@code @TempDir}: they outlive one test invocation.
 */
final class KillRuns<S extends Enum<S>, R extends AutoCloseable> implements AutoCloseable {

    /** Opens the run of a scenario in its directory. */
    interface Opener<S, R> {
        R open(S scenario, Path dir) throws Exception;
    }

    /** What a kill point does to its run. */
    interface Action<R> {
        void on(R run) throws Exception;
    }

    private final Path dir;
    private final Opener<S, R> opener;
    private final Map<S, R> runs = new HashMap<>();
    private final Map<S, String> broken = new HashMap<>();

    KillRuns(String name, Opener<S, R> opener) {
        this.opener = opener;
        try {
            this.dir = Files.createTempDirectory(name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kill point {@code point} of {@code scenario}: {@code kill} on its run, opened by the scenario's first point. */
    void kill(S scenario, Object point, Action<R> kill) throws Exception {
        assertThat(broken.get(scenario)).as("an earlier kill point of this run failed, so this one cannot be reached").isNull();
        R run = runs.get(scenario);
        if (run == null) {
            run = opener.open(scenario, dir.resolve(scenario.name().toLowerCase()));
            runs.put(scenario, run);
        }
        try {
            kill.on(run);
        } catch (TestAbortedException notReachable) {
            throw notReachable; // the run goes on
        } catch (Throwable e) {
            broken.put(scenario, point + ": " + e.getMessage());
            throw e;
        }
    }

    /** The last point of {@code scenario}: {@code end} on its run, which is closed then, whatever the outcome. */
    void end(S scenario, Object point, Action<R> end) throws Exception {
        kill(scenario, point, run -> {
            runs.remove(scenario);
            try (R ending = run) {
                end.on(ending);
            }
        });
    }

    /** Closes the runs still open; the directory goes too, unless {@code keep} (to look at the daemons' logs). */
    void close(boolean keep) throws Exception {
        for (R run : runs.values()) run.close();
        runs.clear();
        if (keep) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    public void close() throws Exception {
        close(false);
    }
}
