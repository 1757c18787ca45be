package io.milvusgitops.daemon.cli;

import io.milvusgitops.policy.catalog.CatalogException;
import io.milvusgitops.policy.catalog.CatalogLoader;
import io.milvusgitops.policy.catalog.CatalogTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code catalog refresh}: regenerates the catalog's releases and charts tables from the chart repository's
 * index.yaml, the release list and the chart extras, validates the result as the product would load it, and
 * writes it (or prints the new tables), so that a refresh is a reviewed diff, not hand editing.
 */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Regenerate the catalog's releases and charts tables from a Helm repository index.yaml and a release list.",
                "Exit 0 when the new catalog is valid (and written with --write), 1 otherwise."})
final class CatalogRefreshCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--index", required = true, paramLabel = "FILE",
            description = "The chart repository's index.yaml (curl -fsSLO https://zilliztech.github.io/milvus-helm/index.yaml).")
    Path index;

    @Option(names = "--releases", required = true, paramLabel = "FILE", description = "The release list (policy/src/main/catalog/releases.tsv).")
    Path releases;

    @Option(names = "--extras", required = true, paramLabel = "FILE", description = "The chart extras (policy/src/main/catalog/chart-extras.tsv).")
    Path extras;

    @Option(names = "--catalog", required = true, paramLabel = "FILE",
            description = "The catalog whose generated block is replaced (policy/src/main/resources/.../milvus-catalog.yaml).")
    Path catalog;

    @Option(names = "--write", description = "Write the catalog in place; without it, print the new tables.")
    boolean write;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String block;
        String updated;
        try {
            block = CatalogTables.render(read(index), read(releases), read(extras));
            updated = CatalogTables.replace(read(catalog), block);
            CatalogLoader.parse(catalog.getFileName().toString(), updated);
        } catch (CatalogTables.Bad e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCode.ERROR;
        } catch (CatalogException e) {
            err.println("error: the refreshed catalog would not load: " + e.getMessage());
            err.flush();
            return ExitCode.ERROR;
        }
        if (write) {
            Files.writeString(catalog, updated, StandardCharsets.UTF_8);
            out.println("wrote " + catalog + ": " + CatalogTables.count(block) + "; review the diff (git diff) before you commit it");
        } else {
            out.print(block);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
