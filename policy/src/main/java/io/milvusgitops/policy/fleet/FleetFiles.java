package io.milvusgitops.policy.fleet;

import io.milvusgitops.policy.yaml.Problem;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of a fleet repository's files, keyed by path relative to the repository root with
 * {@code /} separators ({@code environments/prod.yaml}). Whoever reads them (a directory, a Git
 * tree) hands them in, with a problem for each file it refused to read (too large, not UTF-8);
 * the parser never touches a file system.
 */
public record FleetFiles(Map<String, String> files, List<Problem> unreadable) {

    public FleetFiles {
        files = new TreeMap<>(files);
        unreadable = List.copyOf(unreadable);
    }

    /** What a reader may hold in memory for one repository: far beyond any real fleet, far below the heap. */
    public static final long MAX_TOTAL_BYTES = 64L << 20;

    /** The file name of a problem about the repository as a whole (too many files, too many bytes). */
    public static final String WHOLE_REPOSITORY = "(repository)";

    public FleetFiles(Map<String, String> files) {
        this(files, List.of());
    }
}
