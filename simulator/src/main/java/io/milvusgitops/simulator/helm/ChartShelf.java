package io.milvusgitops.simulator.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of Milvus chart archives for the simulation, where no chart repository is reachable: the real
 * archives it is given, and for every other chart version that ships the SAME Milvus release as one of them, a
 * copy of that archive under the other version number (only {@code version:} in Chart.yaml differs). So a plan
 * that names chart 4.0.33 (Milvus 2.2.13) installs what chart 4.0.31 (also 2.2.13) renders: the same Milvus
 * components at the same image. A chart whose Milvus release has no real archive here is simply absent, and
 * native Helm says so. Labelled a simulation: production reads a real repository or real archives.
 */
public final class ChartShelf {

    private static final Pattern VERSION = Pattern.compile("(?m)^version:\\s*(\\S+)\\s*$");
    private static final Pattern APP_VERSION = Pattern.compile("(?m)^appVersion:\\s*\"?([^\"\\s]+)\"?\\s*$");

    private ChartShelf() {
    }

    /**
     * Fills {@code target} with the archives of {@code source} and their copies for every chart of {@code charts}
     * (chart version -> the Milvus version it ships, as the version catalog lists them) whose Milvus version one of
     * them ships. Returns {@code target}.
     */
    public static Path fill(Path source, Map<String, String> charts, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target);
        Map<String, Path> byApp = new HashMap<>();
        List<Path> archives;
        try (Stream<Path> files = Files.list(source)) {
            archives = files.filter(p -> p.getFileName().toString().matches("milvus-.*\\.tgz")).sorted().toList();
        }
        for (Path archive : archives) {
            Files.copy(archive, target.resolve(archive.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Matcher app = APP_VERSION.matcher(chartYaml(archive));
            if (app.find()) byApp.put(app.group(1).replaceFirst("^v", ""), archive);
        }
        for (Map.Entry<String, String> c : charts.entrySet()) {
            Path alias = target.resolve("milvus-" + c.getKey() + ".tgz");
            Path same = byApp.get(c.getValue());
            if (same != null && !Files.exists(alias)) repackage(same, c.getKey(), alias);
        }
        return target;
    }

    private static String chartYaml(Path archive) throws IOException, InterruptedException {
        return run(null, "tar", "-xzOf", archive.toString(), "milvus/Chart.yaml");
    }

    private static void repackage(Path archive, String version, Path alias) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("milvus-chart-");
        try {
            run(null, "tar", "-xzf", archive.toString(), "-C", work.toString());
            Path chartYaml = work.resolve("milvus/Chart.yaml");
            String text = Files.readString(chartYaml, StandardCharsets.UTF_8);
            Files.writeString(chartYaml, VERSION.matcher(text).replaceFirst("version: " + version), StandardCharsets.UTF_8);
            run(work, "tar", "-czf", alias.toString(), "milvus");
        } finally {
            run(null, "rm", "-rf", work.toString());
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        return out;
    }
}
