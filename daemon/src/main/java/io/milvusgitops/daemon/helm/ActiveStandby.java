package io.milvusgitops.daemon.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.policy.fleet.Location;
import io.milvusgitops.policy.target.Component;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Turns on active-standby for the coordinators, as rollingUpdate.sh does: {@code <coord>.enableActiveStandby: true}
 * in the {@code user.yaml} key of the ConfigMap {@code <release>-milvus}, if not there yet.
 */
final class ActiveStandby {

    private static final Map<Component, String> KEYS = Map.of(Component.ROOTCOORD, "rootCoord", Component.DATACOORD, "dataCoord",
            Component.QUERYCOORD, "queryCoord", Component.INDEXCOORD, "indexCoord", Component.MIXCOORD, "mixCoord");

    private final KubernetesClient client;

    ActiveStandby(KubernetesClient client) {
        this.client = client;
    }

    StepOutcome enable(Location.HelmRelease where, List<Component> coordinators) {
        String name = ChartNames.fullname(where.release());
        ConfigMap cm = client.configMaps().inNamespace(where.namespace()).withName(name).get();
        if (cm == null) {
            return StepOutcome.Failed.fatal(FailureReason.NOT_FOUND, "ConfigMap " + name + " not found in " + where.namespace());
        }
        Map<String, Object> user = load(cm.getData() == null ? "" : cm.getData().getOrDefault("user.yaml", ""));
        boolean changed = false;
        for (Component c : coordinators) {
            String key = KEYS.get(c);
            if (key == null) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> section = (Map<String, Object>) user.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
            if (!Boolean.TRUE.equals(section.get("enableActiveStandby"))) {
                section.put("enableActiveStandby", true);
                changed = true;
            }
        }
        if (!changed) {
            return new StepOutcome.Done("active-standby already on for " + coordinators);
        }
        String text = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build()).dumpToString(user);
        client.configMaps().inNamespace(where.namespace()).withName(name).edit(c -> {
            if (c.getData() == null) c.setData(new LinkedHashMap<>());
            c.getData().put("user.yaml", text);
            return c;
        });
        return new StepOutcome.Done("active-standby turned on for " + coordinators + " in " + name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String text) {
        if (text.isBlank()) return new LinkedHashMap<>();
        Object o = new Load(LoadSettings.builder().build()).loadFromString(text);
        return o instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }
}
