package io.milvusgitops.daemon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code --version}: the release version and the commit the build ran from, as the build wrote them into
 * {@code milvus-gitops-build.properties} (Maven resource filtering; the commit from {@code git describe}).
 * A class path without the filtered file (an IDE's) says "dev".
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    static final String FILE = "/milvus-gitops-build.properties";

    @Override
    public String[] getVersion() {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(FILE)) {
            if (in != null) build.load(in);
        } catch (IOException unreadable) {
            // left empty: says "dev" below
        }
        Optional<String> version = filtered(build.getProperty("version"));
        Optional<String> commit = filtered(build.getProperty("commit"));
        return new String[] {"milvus-gitops " + version.orElse("dev") + commit.map(c -> " (commit " + c + ")").orElse("")};
    }

    /** A value the build filled in: not empty, and not the placeholder itself. */
    private static Optional<String> filtered(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty() && !v.contains("${"));
    }
}
