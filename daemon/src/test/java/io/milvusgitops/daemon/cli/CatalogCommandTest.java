package io.milvusgitops.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code catalog}: which catalog is in force; {@code catalog refresh}: the tables from their sources; the additions in plan and path. */
class CatalogCommandTest {

    static final String ADDITIONS = """
            apiVersion: milvus-gitops.io/v1
            kind: CatalogAdditions
            releases:
              - {version: 2.6.23, kind: ga, date: 2026-08-20, evidence: "https://milvus.io/docs/release_notes.md#v2.6.23"}
            charts:
              - {chart: 5.0.24, app: 2.6.23, date: 2026-08-21, pulsarV3: true}
            """;

    /** The example fleet with catalog additions and dev asking for the release only they know. */
    static Path fleetWithAdditions(Path dir) throws IOException {
        ValidateCommandTest.copy(ValidateCommandTest.EXAMPLE, dir);
        Path fleet = dir.resolve("fleet.yaml");
        Files.writeString(fleet, Files.readString(fleet) + "catalogAdditions: catalog-additions.yaml\n");
        Files.writeString(dir.resolve("catalog-additions.yaml"), ADDITIONS);
        Path devFile = dir.resolve("environments/dev.yaml");
        Files.writeString(devFile, Files.readString(devFile).replaceFirst("milvusVersion: \\S+", "milvusVersion: 2.6.23"));
        return dir;
    }

    @Test
    void printsTheBuiltInCatalogItsNewestReleaseAndItsLines() {
        Cli r = Cli.run("catalog");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("catalog built-in [0-9a-f]{12} \\(milvus-gitops ")
                .contains("newest       release 3.0.0 (2026-07-29)").contains("chart 5.0.22 (its Milvus not verified)")
                .contains("    2.4   2.4.0 .. 2.4.24 (25); not to be run: 2.4.13").contains("    2.6   2.6.0 .. 2.6.22 (23)");
    }

    @Test
    void withAFleetItShowsTheAdditionsAndTheirDigest(@TempDir Path dir) throws IOException {
        Path repo = fleetWithAdditions(dir);
        Cli r = Cli.run("catalog", "--repo", repo.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("catalog built-in [0-9a-f]{12} \\+ fleet catalog-additions.yaml [0-9a-f]{12}")
                .containsPattern("additions +catalog-additions.yaml [0-9a-f]{12}: 2.6.23");
        JsonNode n = new ObjectMapper().readTree(Cli.run("catalog", "--repo", repo.toString(), "-o", "json").out());
        assertThat(n.at("/additions/releases/0").asText()).isEqualTo("2.6.23");
        assertThat(n.get("newestBuiltInRelease").asText()).isEqualTo("3.0.0");
        assertThat(n.get("lines").get("2.6").toString()).contains("2.6.23");
    }

    @Test
    void validateAndPathUseTheAdditionsAndPlanWarnsOfThem(@TempDir Path dir) throws IOException {
        Path repo = fleetWithAdditions(dir);
        assertThat(Cli.run("validate", repo.toString()).out()).contains("dev          2.6.23");
        Cli path = Cli.run("path", "--from", "2.6.15", "--to", "2.6.23", "--method", "helm", "--coordinators", "mixcoord", "--repo", repo.toString());
        assertThat(path.exit()).as(path.err()).isZero();
        assertThat(path.out()).contains("rolling         2.6.15 -> 2.6.23").contains("chart zilliztech/milvus 5.0.24");
        assertThat(Cli.run("path", "--from", "2.6.15", "--to", "2.6.23", "--method", "helm").err()).contains("unknown Milvus version 2.6.23")
                .contains("catalog additions");
        Cli plan = Cli.run("plan", "--repo", repo.toString(), "--live", PlanCommandTest.LIVE.toString(), "--at", "2026-11-24T10:00:00Z");
        assertThat(plan.err()).contains("warning: dev asks for 2.6.23, newer than anything this build knows (newest built-in: 3.0.0)")
                .contains("catalog-additions.yaml");
    }

    @Test
    void anAdditionTheRulesCannotPlaceIsAClearErrorOfValidate(@TempDir Path dir) throws IOException {
        Path repo = fleetWithAdditions(dir);
        Files.writeString(repo.resolve("catalog-additions.yaml"), ADDITIONS.replace("2.6.23", "2.7.0"));
        Cli r = Cli.run("validate", repo.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(r.out()).contains("catalog-additions.yaml:4:5: releases[0]: no release line of this catalog holds 2.7.0")
                .contains("Fix: remove it, or run a milvus-gitops that knows the 2.7 line");
    }

    /** The refresh on the small fixture of the policy module's tests: the tables, then the rewritten catalog. */
    @Test
    void refreshRegeneratesTheTablesFromTheirSources(@TempDir Path dir) throws IOException {
        Path fixtures = Path.of("../policy/src/test/resources/catalog");
        Path catalog = dir.resolve("catalog.yaml");
        Files.writeString(catalog, Files.readString(fixtures.resolve("minimal.yaml")).replaceFirst("(?s)releases:.*", "")
                + "# BEGIN GENERATED TABLES\n# END GENERATED TABLES\n");
        Path releases = dir.resolve("releases.tsv");
        Files.writeString(releases, Files.readString(fixtures.resolve("tables/releases.tsv")) + "2.1.4\tga\t\tx\n2.2.0\tga\t\tx\n2.2.3\tga\t\tx\n"
                + "2.2.4\tga\t\tx\n");
        String[] args = {"catalog", "refresh", "--index", fixtures.resolve("tables/index.yaml").toString(), "--releases", releases.toString(),
                "--extras", fixtures.resolve("tables/chart-extras.tsv").toString(), "--catalog", catalog.toString()};
        Cli print = Cli.run(args);
        assertThat(print.exit()).as(print.err()).isZero();
        assertThat(print.out()).contains("  - {chart: 5.0.19, app: 2.6.15, date: 2026-04-16, pulsarV3: true}");
        assertThat(Files.readString(catalog)).doesNotContain("chart: 5.0.19");
        String[] write = Arrays.copyOf(args, args.length + 1);
        write[args.length] = "--write";
        Cli wrote = Cli.run(write);
        assertThat(wrote.out()).contains("wrote").contains("review the diff");
        assertThat(Files.readString(catalog)).contains("chart: 5.0.19");
        Files.writeString(releases, "2.4.05\tga\t\tx\n");
        Cli bad = Cli.run(args);
        assertThat(bad.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(bad.err()).contains("release list line 1").contains("write 2.4.5");
    }
}
