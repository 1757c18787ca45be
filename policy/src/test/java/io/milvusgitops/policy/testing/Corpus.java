package io.milvusgitops.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.fleet.FleetFiles;
import io.milvusgitops.policy.yaml.Problem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The corpora of broken and valid fleet repositories: one directory per case, its files as a fleet
 * repository, and {@code expected.txt} with the fragments the reported problems must contain.
 */
public final class Corpus {

    public static final String EXPECTED = "expected.txt";

    private Corpus() {
    }

    public static Path resourceDir(String resource) {
        URL url = Corpus.class.getResource(resource);
        assertThat(url).as("test resource %s is missing", resource).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every regular file of the case except expected.txt, keyed by its '/'-separated path relative to the case. */
    public static FleetFiles load(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                Path rel = dir.relativize(file);
                if (rel.toString().equals(EXPECTED)) {
                    continue;
                }
                String key = Stream.iterate(0, i -> i < rel.getNameCount(), i -> i + 1)
                        .map(i -> rel.getName(i).toString())
                        .collect(Collectors.joining("/"));
                files.put(key, Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return new FleetFiles(files);
    }

    /** The non-blank lines of expected.txt that are not {@code #} comments. */
    public static List<String> expectationLines(Path dir) throws IOException {
        Path file = dir.resolve(EXPECTED);
        assertThat(file).as("%s has no %s", dir.getFileName(), EXPECTED).isRegularFile();
        List<String> fragments = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                fragments.add(line);
            }
        }
        return fragments;
    }

    public static String describeAll(List<Problem> problems) {
        return problems.isEmpty()
                ? "(none)"
                : problems.stream().map(Problem::describe).collect(Collectors.joining("\n  "));
    }
}
