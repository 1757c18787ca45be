package io.milvusgitops.daemon.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The Milvus Operator's resources ({@code milvus.io/v1beta1}, the CRDs of zilliztech/milvus-operator v1.3.8), named
 * in full so that a read needs no discovery request and a cluster without the CRDs answers "not found".
 */
public final class OperatorKinds {

    public static final ResourceDefinitionContext MILVUS = kind("Milvus", "milvuses");
    public static final ResourceDefinitionContext MILVUS_UPGRADE = kind("MilvusUpgrade", "milvusupgrades");

    private OperatorKinds() {
    }

    private static ResourceDefinitionContext kind(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("milvus.io").withVersion("v1beta1").withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }
}
