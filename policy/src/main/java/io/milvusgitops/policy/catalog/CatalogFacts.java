package io.milvusgitops.policy.catalog;

import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.MessageQueue;
import io.milvusgitops.policy.target.Named;
import io.milvusgitops.policy.version.Version;
import io.milvusgitops.policy.version.VersionRange;
import io.milvusgitops.policy.yaml.YamlMap;
import io.milvusgitops.policy.yaml.YamlValue;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the catalog's facts beside its rules: what chart versions default to ({@code chartFacts}), where each
 * message queue runs ({@code messageQueues}), the MinIO a deployment must run before a crossing ({@code minio}),
 * and the Helm values a rule's guide sets ({@code helmValues}). Problems go to the values' own file.
 */
final class CatalogFacts {

    /** Below every 2.0 pre-release: a queue that runs "from 2.0" needs no reason for the versions before (1.x has no queue). */
    private static final Version FIRST_2X = Version.parse("2.0.0-0");

    private CatalogFacts() {
    }

    static Optional<ChartFact> chartFact(YamlValue item) {
        return item.asMap().flatMap(m -> {
            m.allowOnly(List.of("fact", "charts", "source"));
            Optional<ChartFact.Kind> fact = m.required("fact", "write one of: " + Named.choices(ChartFact.Kind.class))
                    .flatMap(v -> v.asEnum(ChartFact.Kind.class));
            Optional<VersionRange> charts = m.required("charts", "write the chart versions, e.g. \"[4.2.27,)\"").flatMap(CatalogRows::range);
            Optional<String> source = m.required("source", "name the chart commit or README line").flatMap(v -> v.asName("write the source"));
            return fact.isPresent() && charts.isPresent() && source.isPresent()
                    ? Optional.of(new ChartFact(fact.get(), charts.get(), source.get())) : Optional.empty();
        });
    }

    static Optional<QueueSupport> queue(YamlValue item) {
        return item.asMap().flatMap(m -> {
            m.allowOnly(List.of("queue", "versions", "modes", "introduced", "removed", "notIn", "source"));
            Optional<MessageQueue> queue = m.required("queue", "write one of: " + Named.choices(MessageQueue.class))
                    .flatMap(v -> v.asEnum(MessageQueue.class));
            Optional<VersionRange> versions = m.required("versions", "write the Milvus versions it runs with, e.g. \"[2.3.0,2.6.0-rc1)\"")
                    .flatMap(CatalogRows::range);
            Set<DeployMode> modes = CatalogRows.enumSet(m.get("modes"), DeployMode.class);
            String introduced = reason(m, "introduced", versions.flatMap(VersionRange::lower).filter(v -> v.isAfter(FIRST_2X)).isPresent());
            String removed = reason(m, "removed", versions.flatMap(VersionRange::upper).isPresent());
            String notIn = reason(m, "notIn", !modes.equals(EnumSet.allOf(DeployMode.class)));
            Optional<String> source = m.required("source", "name the page that says where it runs").flatMap(v -> v.asName("write the source"));
            return queue.isPresent() && versions.isPresent() && source.isPresent()
                    ? Optional.of(new QueueSupport(queue.get(), versions.get(), modes, introduced, removed, notIn, source.get())) : Optional.empty();
        });
    }

    /** A limit's reason, required where the limit exists: a refusal must always say why. */
    private static String reason(YamlMap m, String key, boolean needed) {
        Optional<YamlValue> v = needed ? m.required(key, "say why the queue cannot run there (the documents' words)") : m.get(key);
        return v.flatMap(x -> x.asName("write a sentence")).orElse("");
    }

    static Optional<MinioRequirement> minio(YamlValue item) {
        return item.asMap().flatMap(m -> {
            m.allowOnly(List.of("crossing", "methods", "modes", "messageQueues", "minimum", "because", "source"));
            Optional<Version> crossing = m.required("crossing", "write the Milvus version the requirement is for, e.g. 2.2.5")
                    .flatMap(CatalogRows::version);
            Optional<String> minimum = m.required("minimum", "write the MinIO release tag, e.g. RELEASE.2023-03-20T20-16-18Z")
                    .flatMap(v -> v.asName("write a MinIO release tag"));
            minimum.filter(t -> !t.matches("RELEASE\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z")).ifPresent(t -> m.get("minimum").orElseThrow()
                    .report("'" + t + "' is not a MinIO release tag", "write RELEASE.YYYY-MM-DDTHH-MM-SSZ"));
            Optional<String> because = m.required("because", "say what the guide asks for and why").flatMap(v -> v.asName("write a sentence"));
            Optional<String> source = m.required("source", "name the guide").flatMap(v -> v.asName("write the source"));
            return crossing.isPresent() && minimum.isPresent() && because.isPresent() && source.isPresent()
                    ? Optional.of(new MinioRequirement(crossing.get(), CatalogRows.scope(m), minimum.get(), because.get(), source.get()))
                    : Optional.empty();
        });
    }

    static Optional<HelmValueRule> helmValue(YamlValue item) {
        return item.asMap().flatMap(m -> {
            m.allowOnly(List.of("key", "value", "modes"));
            Optional<String> key = m.required("key", "write the value's key, e.g. streaming.enabled").flatMap(v -> v.asName("write a key"));
            key.filter(k -> !k.matches("[A-Za-z0-9_.-]+")).ifPresent(k -> m.get("key").orElseThrow().report(
                    "'" + k + "' is not a Helm value key", "write dotted words, e.g. streaming.enabled"));
            Optional<String> value = m.required("value", "write the value as --set takes it, e.g. \"true\"").flatMap(v -> v.asName("write a value"));
            Set<DeployMode> modes = CatalogRows.enumSet(m.get("modes"), DeployMode.class);
            return key.isPresent() && value.isPresent() ? Optional.of(new HelmValueRule(key.get(), value.get(), modes)) : Optional.empty();
        });
    }
}
