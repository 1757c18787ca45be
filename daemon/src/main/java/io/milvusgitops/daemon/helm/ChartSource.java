package io.milvusgitops.daemon.helm;

import com.marcnuri.helm.Helm;
import io.milvusgitops.daemon.helm.HelmClient.HelmException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where native Helm takes the Milvus chart from: a chart repository (production's default, the chart's own,
 * added once to a repository file of the daemon's), or a directory of chart archives {@code milvus-<version>.tgz}
 * (air-gapped sites, and the demo and tests, which reach no network). Config key {@code helm} (docs/config.md).
 */
public sealed interface ChartSource {

    /** The repository the Milvus chart is published in (zilliztech/milvus-helm). */
    URI MILVUS_REPOSITORY = URI.create("https://zilliztech.github.io/milvus-helm/");

    /** What to hand native Helm for {@code chart} ({@code zilliztech/milvus}) at {@code version}. */
    String resolve(String chart, String version) throws HelmException;

    /** A chart repository, named as the chart reference's prefix ({@code zilliztech}), recorded in {@code repositoryConfig}. */
    record Repository(URI url, Path repositoryConfig) implements ChartSource {
        @Override
        public String resolve(String chart, String version) throws HelmException {
            String name = chart.contains("/") ? chart.substring(0, chart.indexOf('/')) : chart;
            try {
                synchronized (Repository.class) {
                    boolean known = Files.exists(repositoryConfig) && Helm.repo().list().withRepositoryConfig(repositoryConfig).call().stream()
                            .anyMatch(r -> r.getName().equals(name));
                    if (!known) Helm.repo().add().withRepositoryConfig(repositoryConfig).withName(name).withUrl(url).call();
                }
            } catch (RuntimeException e) {
                throw new HelmException("cannot add the chart repository " + url + " as '" + name + "': " + e.getMessage()
                        + ". Reach it from here, or give the daemon a directory of chart archives (helm.charts)", e);
            } finally {
                NativeHelm.afterCall();
            }
            return chart;
        }
    }

    /** A directory of chart archives, {@code <chart name>-<version>.tgz}, as {@code helm pull} writes them. */
    record Archives(Path directory) implements ChartSource {
        @Override
        public String resolve(String chart, String version) throws HelmException {
            String name = chart.substring(chart.lastIndexOf('/') + 1);
            Path archive = directory.resolve(name + "-" + version + ".tgz");
            if (!Files.isRegularFile(archive)) {
                throw new HelmException("no chart archive " + archive.getFileName() + " in " + directory + ": add it there (helm pull " + chart
                        + " --version " + version + " -d " + directory + ")", null);
            }
            return archive.toAbsolutePath().toString();
        }
    }
}
