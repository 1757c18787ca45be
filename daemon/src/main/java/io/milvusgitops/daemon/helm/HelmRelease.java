package io.milvusgitops.daemon.helm;

import java.util.Map;

/**
 * A Helm release as Helm records it (the Secret {@code sh.helm.release.v1.<name>.v<revision>}): the
 * chart and app version of the revision, its status and the values the user supplied.
 */
public record HelmRelease(String name, String namespace, int revision, String status, String chart, String chartVersion,
                          String appVersion, Map<String, Object> values) {

    public HelmRelease {
        values = Map.copyOf(values);
    }
}
