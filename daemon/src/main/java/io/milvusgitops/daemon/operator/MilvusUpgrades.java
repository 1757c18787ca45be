package io.milvusgitops.daemon.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.kube.OperatorKinds;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.target.Image;
import io.milvusgitops.policy.version.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code MilvusUpgrade} of one hop: the operator's 2.1 -> 2.2 metadata migration. Its name is the resource's and a
 * digest of the hop ({@code recsys-upgrade-1a2b3c4d}), so a step that runs again after a crash finds the one it
 * created. It always names {@code targetImage} and {@code toolImage}: the operator fills them in only in its admission
 * webhook, which is off by default, and without them the migration Pod has no image. {@code rollbackIfFailed} is
 * false: whether and when to roll back is the executor's decision, through {@link #requestRollback}.
 */
final class MilvusUpgrades {

    /** The operator's states (with its spellings) in which nothing more happens. */
    static final Set<String> FAILED = Set.of("BakupMetaFailed", "UpdateMetaFailed");
    static final String SUCCEEDED = "Succeeded";
    static final String ROLLED_BACK = "RollbackedSucceeded";
    static final String ROLLBACK_FAILED = "RollbackFailed";

    /** A MilvusUpgrade as it stands: its state, whether a rollback was asked for, and the operator's last word on it. */
    record Observed(String name, String state, boolean rollbackRequested, String message, Map<String, Integer> replicasBefore) {
    }

    private static final ObjectMapper TREE = new ObjectMapper();

    private final KubernetesClient client;

    MilvusUpgrades(KubernetesClient client) {
        this.client = client;
    }

    /** The hop's MilvusUpgrade name: at most 63 characters, as its name is also a label value on the operator's Pods. */
    static String name(Location.MilvusResource where, StepContext ctx) {
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ctx.hopId().getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        String prefix = where.name().length() > 45 ? where.name().substring(0, 45) : where.name();
        return prefix.replaceAll("-+$", "") + "-upgrade-" + digest;
    }

    Optional<Observed> find(Location.MilvusResource where, StepContext ctx) {
        GenericKubernetesResource u = client.genericKubernetesResources(OperatorKinds.MILVUS_UPGRADE).inNamespace(where.namespace())
                .withName(name(where, ctx)).get();
        if (u == null) return Optional.empty();
        JsonNode root = TREE.valueToTree(u.getAdditionalProperties()); // fabric8 8's own node is Jackson 3's
        JsonNode status = root.path("status");
        StringBuilder message = new StringBuilder();
        for (JsonNode c : status.path("conditions")) {
            if (!c.path("message").asText("").isBlank()) message.append(c.path("type").asText()).append(": ").append(c.path("message").asText()).append(' ');
        }
        Map<String, Integer> before = new TreeMap<>();
        status.path("replicasBeforeUprade").fields().forEachRemaining(e -> before.put(e.getKey(), e.getValue().asInt()));
        return Optional.of(new Observed(u.getMetadata().getName(), status.path("state").asText(""),
                "rollback".equals(root.path("spec").path("operation").asText()) || status.path("isRollbacking").asBoolean(false),
                message.toString().strip(), before));
    }

    void create(Location.MilvusResource where, StepContext ctx, Version source, Version target, Image targetImage, String toolImage) {
        Map<String, Object> spec = Map.of(
                "milvus", Map.of("namespace", where.namespace(), "name", where.name()),
                "sourceVersion", "v" + source,
                "targetVersion", "v" + target,
                "targetImage", targetImage.toString(),
                "toolImage", toolImage,
                "operation", "upgrade",
                "rollbackIfFailed", false,
                "maxRetry", 3);
        GenericKubernetesResource u = new GenericKubernetesResourceBuilder()
                .withApiVersion(OperatorKinds.MILVUS_UPGRADE.getGroup() + "/" + OperatorKinds.MILVUS_UPGRADE.getVersion())
                .withKind(OperatorKinds.MILVUS_UPGRADE.getKind())
                .withNewMetadata().withName(name(where, ctx)).withNamespace(where.namespace())
                .addToLabels("app.kubernetes.io/managed-by", "milvus-gitops")
                .addToAnnotations("milvus-gitops.io/plan", ctx.planId())
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
        client.genericKubernetesResources(OperatorKinds.MILVUS_UPGRADE).inNamespace(where.namespace()).resource(u).create();
    }

    /** {@code spec.operation: rollback}, as the operator's docs ask: it stops Milvus, restores its backup and starts the old image. */
    void requestRollback(Location.MilvusResource where, StepContext ctx) {
        client.genericKubernetesResources(OperatorKinds.MILVUS_UPGRADE).inNamespace(where.namespace()).withName(name(where, ctx))
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"operation\":\"rollback\"}}");
    }
}
