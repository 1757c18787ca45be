package io.milvusgitops.daemon.cli;

import io.milvusgitops.daemon.output.Json;
import io.milvusgitops.daemon.output.Output;
import io.milvusgitops.policy.catalog.CatalogIdentity;
import io.milvusgitops.policy.catalog.HelmChart;
import io.milvusgitops.policy.catalog.Release;
import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.version.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code catalog}: which version catalog is in force (the built-in one of this build, by the digest of its
 * text, and a fleet's additions), the newest release and chart it knows, and the releases by line.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true, subcommands = CatalogRefreshCommand.class,
        description = {"Show the version catalog in force: this build's, plus a fleet repository's additions (--repo).",
                "Exit 0, or 1 when the repository is not a valid fleet."})
final class CatalogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR", description = "A fleet repository whose catalog additions count too (docs/fleet-format.md).")
    Path repo;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", converter = EnumConverters.OutputConverter.class,
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Optional<VersionCatalog> inForce = repo == null ? Optional.of(VersionCatalog.builtIn()) : CatalogInForce.of(repo, spec.commandLine().getErr());
        if (inForce.isEmpty()) return ExitCode.ERROR;
        VersionCatalog c = inForce.get();
        VersionCatalog builtIn = VersionCatalog.builtIn();
        CatalogIdentity id = c.identity();
        Release newest = c.newestGa();
        Optional<HelmChart> newestChart = c.charts().stream().filter(HelmChart::published).max(Comparator.comparing(HelmChart::chart));
        List<Release> added = c.releases().stream().filter(r -> builtIn.release(r.version()).isEmpty()).toList();
        if (output == Output.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("catalog", id.toString());
            json.put("build", build());
            json.put("builtIn", id.builtIn());
            id.additionsFile().ifPresent(f -> json.put("additions", Map.of("file", f, "digest", id.additionsDigest().orElse(""),
                    "releases", added.stream().map(r -> r.spelling()).toList())));
            json.put("newestRelease", newest.spelling());
            json.put("newestBuiltInRelease", builtIn.newestGa().spelling());
            newestChart.ifPresent(ch -> json.put("newestChart", ch.chart().toString()));
            json.put("releases", c.releases().size());
            json.put("charts", c.charts().size());
            json.put("rules", c.rules().size());
            Map<String, Object> lines = new LinkedHashMap<>();
            c.releasesByLine().forEach((line, vs) -> lines.put(line, vs.stream().map(Version::toString).toList()));
            json.put("lines", lines);
            out.println(Json.write(json));
        } else {
            out.printf("catalog %s (milvus-gitops %s)%n", id, build());
            out.printf("  built-in     %s: %d releases, %d charts, %d rules; newest release %s%n", id.builtIn(), builtIn.releases().size(),
                    builtIn.charts().size(), builtIn.rules().size(), builtIn.newestGa().spelling());
            id.additionsFile().ifPresent(f -> out.printf("  additions    %s %s: %s%n", f, id.additionsDigest().orElse(""),
                    added.isEmpty() ? "no new release" : String.join(", ", added.stream().map(Release::spelling).toList())));
            out.printf("  newest       release %s%s, chart %s%n", newest.spelling(), newest.date().map(d -> " (" + d + ")").orElse(""),
                    newestChart.map(ch -> ch.chart() + (ch.appVerified() ? " (Milvus " + ch.app() + ")" : " (its Milvus not verified)")).orElse("none"));
            out.println("  releases by line (GA and hotfixes):");
            for (Map.Entry<String, List<Version>> e : c.releasesByLine().entrySet()) {
                List<String> ga = new ArrayList<>();
                List<String> deprecated = new ArrayList<>();
                for (Version v : e.getValue()) {
                    Release r = c.release(v).orElseThrow();
                    if (r.isGa() || r.kind() == Release.Kind.HOTFIX) ga.add(r.spelling());
                    if (r.deprecated().isPresent()) deprecated.add(r.spelling());
                }
                if (ga.isEmpty()) continue;
                out.printf("    %-5s %s%s%n", e.getKey(), ga.size() <= 6 ? String.join(" ", ga) : ga.getFirst() + " .. " + ga.getLast()
                        + " (" + ga.size() + ")", deprecated.isEmpty() ? "" : "; not to be run: " + String.join(", ", deprecated));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String build() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
