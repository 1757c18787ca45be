package io.milvusgitops.daemon.kube;

/**
 * The labels by which Milvus's Deployments are found, the same for the Helm chart and the Milvus
 * Operator: {@code app.kubernetes.io/name=milvus}, the instance (release or resource name), the
 * component, and the version rollingUpdate.sh sets.
 */
public final class MilvusLabels {

    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String VERSION = "app.kubernetes.io/version";
    /** The chart's component label ({@code component: querynode}). */
    public static final String COMPONENT = "component";

    private MilvusLabels() {
    }
}
