package io.milvusgitops.daemon.compose;

import io.milvusgitops.daemon.safety.SafeFiles;
import io.milvusgitops.policy.target.Image;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a new Milvus image tag into a Compose file and changes nothing else: every other line,
 * comment, quote, blank and line ending stays byte for byte. Only {@code image:} lines whose
 * repository is the Milvus image's are rewritten ({@code milvusdb/milvus}, with or without
 * {@code docker.io/}); etcd, MinIO and the rest keep theirs. The file's own repository spelling is kept,
 * only the tag changes. A line that takes its image from a variable ({@code ${MILVUS_IMAGE}}) is left
 * alone and reported: the variable is the user's to change.
 */
public final class ComposeFileEditor {

    private static final Pattern IMAGE_LINE = Pattern.compile("^(\\s*(?:-\\s+)?image:\\s*)([\"']?)([^\"'\\s#]+)([\"']?)(.*)$");

    /** The new text, how many lines changed, and the lines left alone because they use a variable. */
    public record Edit(String text, int changed, List<String> skipped) {
    }

    private ComposeFileEditor() {
    }

    public static Edit rewrite(String text, String image) {
        String repo = normalise(Image.parse(image).repository());
        String tag = image.substring(Image.parse(image).repository().length());
        StringBuilder out = new StringBuilder(text.length() + 16);
        int changed = 0;
        List<String> skipped = new ArrayList<>();
        for (String line : text.split("(?<=\n)", -1)) {
            String eol = line.endsWith("\r\n") ? "\r\n" : line.endsWith("\n") ? "\n" : "";
            String body = line.substring(0, line.length() - eol.length());
            Matcher m = IMAGE_LINE.matcher(body);
            if (m.matches() && m.group(3).contains("${") && m.group(3).contains("milvus")) {
                skipped.add(body.strip());
            } else if (m.matches() && !m.group(3).contains("$") && normalise(Image.parse(m.group(3)).repository()).equals(repo)) {
                String value = Image.parse(m.group(3)).repository() + tag;
                if (!value.equals(m.group(3))) {
                    body = m.group(1) + m.group(2) + value + m.group(4) + m.group(5);
                    changed++;
                }
            }
            out.append(body).append(eol);
        }
        return new Edit(out.toString(), changed, skipped);
    }

    /**
     * Rewrites the file in place: a temporary file beside it, with its permissions, moved over it, so
     * a crash leaves the old file or the new one, never half of one. Nothing is written when nothing
     * changes.
     */
    public static Edit apply(Path file, String image) throws IOException {
        // Resolve, then check: the file the path leads to (through any link) must be a regular Compose file.
        Path real = file.toRealPath();
        String name = real.getFileName().toString();
        if (!name.endsWith(".yml") && !name.endsWith(".yaml")) {
            throw new IOException("the Compose file " + file + " leads to " + real + ", which is not a .yml or .yaml file: name the Compose file");
        }
        String text = SafeFiles.readText(real, 4 << 20, "the Compose file");
        Edit e = rewrite(text, image);
        if (e.changed() == 0) return e;
        Path tmp = Files.createTempFile(real.getParent(), "." + real.getFileName(), ".milvus-gitops");
        try {
            Files.writeString(tmp, e.text(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(real));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the default permissions will do
            }
            Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return e;
    }

    /** {@code docker.io/library/x} and {@code x}, {@code docker.io/milvusdb/milvus} and {@code milvusdb/milvus}, are the same. */
    private static String normalise(String repo) {
        String r = repo.replaceFirst("^(index\\.)?docker\\.io/", "");
        return r.startsWith("library/") ? r.substring("library/".length()) : r;
    }
}
