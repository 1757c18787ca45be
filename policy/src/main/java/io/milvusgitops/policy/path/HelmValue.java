package io.milvusgitops.policy.path;

import io.milvusgitops.policy.target.Named;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code --set key=value} of a {@code helm upgrade}, and why the plan sets it. Every value a Helm
 * step sets is one of these, shown in {@code path} and {@code plan}: nothing reaches Helm that a person
 * did not see in the plan.
 */
public record HelmValue(String key, String value, Purpose purpose) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** Why a value is set. */
    public enum Purpose implements Named {
        /** {@code image.all.tag}: the release runs exactly the hop's version, whatever image the chart defaults to. */
        IMAGE("the hop's version, whatever the chart's default image"),
        /** A value the guide sets with its {@code helm upgrade} on this hop. */
        GUIDE("the guide sets it on this hop"),
        /** The hop's own change: MixCoord instead of the separate coordinators. */
        ENABLE_MIXCOORD("the hop's change: MixCoord in place of the separate coordinators"),
        /** Keeps the coordinators as they run where the chart's default differs. */
        KEEP_COORDINATORS("keeps the coordinators as they run (the chart's default differs)"),
        /** Keeps the Pulsar generation the release runs (the chart README asks Pulsar v2 users to set it). */
        KEEP_PULSAR("keeps the Pulsar the release runs (the chart has both; its README asks for it)"),
        /** Keeps the message queue across the upgrade (the 2.6 guides: it must not change). */
        KEEP_MESSAGE_QUEUE("keeps the message queue (the chart's default differs; it must not change in an upgrade)");

        private final String meaning;

        Purpose(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    public HelmValue {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(purpose, "purpose");
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("'" + key + "' is not a Helm value key");
        }
    }

    /** {@code key=value}, as {@code --set} takes it. */
    @Override
    public String toString() {
        return key + "=" + value;
    }
}
