package io.milvusgitops.daemon.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.VersionCatalog;
import io.milvusgitops.policy.fleet.Fleet;
import io.milvusgitops.policy.fleet.FleetFiles;
import io.milvusgitops.policy.fleet.FleetParser;
import io.milvusgitops.policy.fleet.FleetResult;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Quartz wakes the reconciler at window openings and closings and at freeze ends, as the desired state's policy says. */
class WindowTriggersTest {

    static Fleet fleet(String policy) {
        FleetResult r = FleetParser.parse(new FleetFiles(Map.of(
                "fleet.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Fleet\nname: t\n",
                "policy.yaml", policy,
                "environments/dev.yaml", "apiVersion: milvus-gitops.io/v1\nkind: Environment\nname: dev\nmilvusVersion: 2.6.15\ntargets:\n"
                        + "  - name: search\n    method: helm\n    mode: cluster\n    messageQueue: pulsar\n"
                        + "    kubernetes: {context: sim, namespace: dev, release: milvus}\n")), VersionCatalog.builtIn());
        assertThat(r).as("%s", r).isInstanceOf(FleetResult.Valid.class);
        return ((FleetResult.Valid) r).fleet();
    }

    @Test
    void wakesAtEveryOpeningAndClosingAndStopsWhenThePolicyDropsTheWindow() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        try (WindowTriggers triggers = new WindowTriggers(wakes::incrementAndGet, Clock.systemUTC())) {
            // A window opening every 2 seconds for 1 second: in 5 seconds, at least 2 openings and 2 closings.
            int scheduled = triggers.update(fleet("apiVersion: milvus-gitops.io/v1\nkind: Policy\ndefaults:\n  maintenanceWindows:\n"
                    + "    - {kind: allow, schedule: \"0/2 * * * * ?\", duration: 1s, timeZone: Europe/Berlin}\n"));
            assertThat(scheduled).isEqualTo(1);
            Thread.sleep(5_000);
            assertThat(wakes.get()).isGreaterThanOrEqualTo(4);

            assertThat(triggers.update(fleet(""))).isZero();
            Thread.sleep(1_500); // a closing that was already due may still fire
            int after = wakes.get();
            Thread.sleep(3_000);
            assertThat(wakes.get()).as("no window, no wake").isEqualTo(after);
        }
    }

    @Test
    void aWindowThatFiresNoMoreDoesNotCostTheOthers() {
        try (WindowTriggers triggers = new WindowTriggers(() -> { }, Clock.systemUTC())) {
            assertThat(triggers.update(fleet("apiVersion: milvus-gitops.io/v1\nkind: Policy\ndefaults:\n  maintenanceWindows:\n"
                    + "    - {kind: deny, schedule: \"0 0 2 * * ? 2025\", duration: 1h, timeZone: UTC}\n"
                    + "    - {kind: allow, schedule: \"0 0 2 ? * SAT\", duration: 4h, timeZone: Europe/Berlin}\n"))).isEqualTo(1);
        }
    }

    @Test
    void wakesWhenAFreezeEnds() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        Instant end = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        try (WindowTriggers triggers = new WindowTriggers(wakes::incrementAndGet, Clock.systemUTC())) {
            assertThat(triggers.update(fleet("apiVersion: milvus-gitops.io/v1\nkind: Policy\ndefaults:\n  freezes:\n"
                    + "    - {from: \"2026-01-01T00:00:00Z\", to: \"" + end + "\", reason: test}\n"
                    + "    - {from: \"2020-01-01T00:00:00Z\", to: \"2020-02-01T00:00:00Z\", reason: long over}\n"))).isEqualTo(1);
            assertThat(wakes.get()).isZero();
            Thread.sleep(3_500);
            assertThat(wakes.get()).isEqualTo(1);
        }
    }
}
