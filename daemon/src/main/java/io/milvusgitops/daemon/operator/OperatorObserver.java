package io.milvusgitops.daemon.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.milvusgitops.daemon.kube.ComponentState;
import io.milvusgitops.daemon.kube.KubeReads;
import io.milvusgitops.daemon.kube.MilvusLabels;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.DeployMode;
import io.milvusgitops.policy.target.Named;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Milvus the operator runs: the {@code Milvus} resource and the Deployments the operator made for it,
 * labelled {@code app.kubernetes.io/instance=<name>}, {@code app.kubernetes.io/name=milvus} and
 * {@code app.kubernetes.io/component=<component>}. The query node runs as a pair ({@code -querynode-0}/{@code -1}):
 * the member the resource's annotation {@value #CURRENT_QUERYNODE} names is the one that serves; the other idles at 0
 * replicas (on the image {@code dummy} until its first rollout). In cluster mode the operator keeps a standalone
 * Deployment at 0 replicas: not a component that runs. Observing never changes anything.
 */
public final class OperatorObserver {

    static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    static final String CURRENT_QUERYNODE = "milvus.io/querynode-current-group-id";
    static final String QUERYNODE_GROUP = "milvus.io/querynode-group-id";

    private final KubeReads reads;

    public OperatorObserver(KubeReads reads) {
        this.reads = reads;
    }

    public Optional<ObservedMilvus> observe(String namespace, String name) {
        Optional<GenericKubernetesResource> r = reads.milvus(namespace, name);
        if (r.isEmpty()) return Optional.empty();
        MilvusResource resource = MilvusResource.of(r.get());
        return Optional.of(new ObservedMilvus(resource, components(resource)));
    }

    private Map<Component, ComponentState> components(MilvusResource resource) {
        Map<Component, ComponentState> out = new EnumMap<>(Component.class);
        String currentQueryNode = resource.annotations().getOrDefault(CURRENT_QUERYNODE, "0");
        List<Deployment> deployments = reads.deployments(resource.namespace(), Map.of(MilvusLabels.INSTANCE, resource.name(), MilvusLabels.NAME, "milvus"));
        for (Deployment d : deployments) {
            Map<String, String> labels = d.getMetadata().getLabels();
            Optional<Component> c = Named.byId(Component.class, labels.getOrDefault(COMPONENT_LABEL, ""));
            if (c.isEmpty()) continue; // the operator's cdc, or something else labelled as Milvus's
            if (c.get() == Component.STANDALONE && resource.mode() == DeployMode.CLUSTER) continue;
            if (labels.containsKey(QUERYNODE_GROUP) && !labels.get(QUERYNODE_GROUP).equals(currentQueryNode)) continue;
            // A component the spec no longer names, left at 0 replicas (a 2.6 streaming node after the way back to 2.5), runs nothing.
            if (!resource.replicas().containsKey(c.get()) && Optional.ofNullable(d.getSpec().getReplicas()).orElse(1) == 0) continue;
            out.put(c.get(), ComponentState.of(c.get(), d));
        }
        return out;
    }
}
