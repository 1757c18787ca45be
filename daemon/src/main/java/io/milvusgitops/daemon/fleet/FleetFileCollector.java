package io.milvusgitops.daemon.fleet;

import io.milvusgitops.policy.fleet.FleetFiles;
import io.milvusgitops.policy.yaml.Problem;
import io.milvusgitops.policy.yaml.YamlLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one loader of a fleet repository's files, whoever walks it: a checked-out directory
 * ({@link DirectoryFleetReader}, for {@code validate}, {@code plan}, {@code status}) or a commit's tree
 * (the daemon's Git source). Both hand every entry to {@link #add}, so both give the same answer for the
 * same repository: a YAML file is read (bounded, UTF-8); a symbolic link, a directory or anything else
 * where a fleet file is expected is a problem naming it, never silently dropped nor followed (a link may
 * point outside the repository, or at another environment's file).
 */
public final class FleetFileCollector {

    /** What an entry of the repository is. */
    public enum Kind { FILE, SYMBOLIC_LINK, DIRECTORY, OTHER }

    /** The bytes of a file, read only once its size has passed the limits. */
    @FunctionalInterface
    public interface Content {
        byte[] read() throws IOException;
    }

    public static final int MAX_FILES = 10_000;

    private final Map<String, String> files = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final String under;
    private long total;
    private boolean stopped;

    /** {@code under}: where the files are, for the "too many files" message ("the root", "fleet/"). */
    public FleetFileCollector(String under) {
        this.under = under;
    }

    /** Whether an entry of this name is one the fleet may read, so that its kind matters. */
    public static boolean isFleetName(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.equals("environments");
    }

    /**
     * One entry, {@code path} relative to the fleet's root with {@code /} separators.
     *
     * @return false when the walk should stop (too many files or bytes)
     */
    public boolean add(String path, Kind kind, long size, Content content) throws IOException {
        if (stopped) return false;
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!isFleetName(name)) return true;
        switch (kind) {
            case SYMBOLIC_LINK -> problems.add(Problem.atFile(path, "is a symbolic link, where a fleet file or directory is expected"
                    + " (links are not followed: one may point outside the repository or at another environment's file)",
                    "replace the link with the file or directory itself"));
            case DIRECTORY -> {
                if (!name.equals("environments")) {
                    problems.add(Problem.atFile(path, "is a directory, where a fleet file is expected",
                            "write the YAML into a file of this name, or rename the directory"));
                }
            }
            case OTHER -> problems.add(Problem.atFile(path, "is not a regular file (a device, a pipe, a socket or a submodule)",
                    "replace it with a YAML file"));
            case FILE -> {
                if (name.equals("environments")) {
                    problems.add(Problem.atFile(path, "is a file, where the directory of the environment files is expected",
                            "make environments/ a directory with one <name>.yaml per environment"));
                    return true;
                }
                return file(path, size, content);
            }
        }
        return true;
    }

    private boolean file(String path, long size, Content content) throws IOException {
        long limit = YamlLimits.USER_FILE.maxBytes();
        if (files.size() + problems.size() >= MAX_FILES) {
            problems.add(Problem.atFile(FleetFiles.WHOLE_REPOSITORY, "more than " + MAX_FILES + " YAML files under " + under,
                    "keep the fleet repository to its fleet files"));
            stopped = true;
            return false;
        }
        if (size > limit) {
            problems.add(Problem.atFile(path, "file is " + size + " bytes, more than the limit of " + limit + " bytes",
                    "split it, or remove what does not belong in it"));
            return true;
        }
        if (total + size > FleetFiles.MAX_TOTAL_BYTES) {
            problems.add(Problem.atFile(FleetFiles.WHOLE_REPOSITORY, "the YAML files exceed " + FleetFiles.MAX_TOTAL_BYTES + " bytes in all",
                    "keep the fleet repository to its fleet files"));
            stopped = true;
            return false;
        }
        total += size;
        byte[] bytes = content.read();
        if (bytes.length > limit) { // it grew between its size and its reading
            problems.add(Problem.atFile(path, "file is more than the limit of " + limit + " bytes", "split it, or remove what does not belong in it"));
            return true;
        }
        try {
            files.put(path, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            problems.add(Problem.atFile(path, "file is not UTF-8 text", "save it as UTF-8"));
        }
        return true;
    }

    /** A file that could not be read at all (permissions): named, with why. */
    public void unreadable(String path, String why) {
        problems.add(Problem.atFile(path, "cannot be read: " + why, "check the file's permissions"));
    }

    public FleetFiles files() {
        return new FleetFiles(files, problems);
    }
}
