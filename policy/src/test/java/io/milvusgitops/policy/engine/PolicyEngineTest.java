package io.milvusgitops.policy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.live.HistoryEntry;
import io.milvusgitops.policy.live.LiveFleet;
import io.milvusgitops.policy.live.LiveTarget;
import io.milvusgitops.policy.path.Hop;
import io.milvusgitops.policy.path.PathResult;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.path.UpgradePath;
import io.milvusgitops.policy.verdict.Approval;
import io.milvusgitops.policy.verdict.DesiredCommit;
import io.milvusgitops.policy.verdict.Objection;
import io.milvusgitops.policy.verdict.PolicyContext;
import io.milvusgitops.policy.verdict.TargetCase;
import io.milvusgitops.policy.verdict.Verdict;
import io.milvusgitops.policy.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyEngineTest {

    static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    /** prod wants 2.6.15 and runs 2.5.16: a topology change, which needs downtime. */
    static PolicyFixture downtimeHop(String prodPolicy) {
        return new PolicyFixture().desired("prod", "2.6.15")
                .live("prod", "main", "2.5.16", Health.HEALTHY, LONG_AGO)
                .policy("environments:\n  prod:\n" + prodPolicy.indent(4));
    }

    /** prod wants 2.5.16 and runs 2.5.12: a rolling hop, no downtime. */
    static PolicyFixture rollingHop(String prodPolicy) {
        return new PolicyFixture()
                .live("prod", "main", "2.5.12", Health.HEALTHY, LONG_AGO)
                .policy("environments:\n  prod:\n" + prodPolicy.indent(4));
    }

    static List<String> rules(Verdict v) {
        return v.objections().stream().map(Objection::rule).toList();
    }

    @Test
    void noRulesNoObjection() {
        assertThat(rollingHop("allowDowntime: true").verdict("prod", t("2026-11-24T10:00:00Z"))).isInstanceOf(Verdict.Allow.class);
    }

    @Nested
    class MaintenanceWindows {

        /** Saturdays 02:00 to 06:00 in Berlin: 01:00 to 05:00 UTC in winter. */
        static final String SATURDAY_NIGHT = """
                maintenanceWindows:
                  - schedule: "0 0 2 ? * SAT"
                    duration: 4h
                    timeZone: Europe/Berlin
                """;

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "2026-11-28T00:59:59Z, WAIT",   // one second before the window opens
                "2026-11-28T01:00:00Z, ALLOW",  // the instant it opens
                "2026-11-28T04:59:59Z, ALLOW",  // the last second inside
                "2026-11-28T05:00:00Z, WAIT",   // the end is exclusive
        })
        void windowBoundaries(String now, String expected) {
            assertThat(downtimeHop(SATURDAY_NIGHT).verdict("prod", t(now)).label()).isEqualTo(expected);
        }

        @Test
        void waitsUntilTheNextOpeningInTheWindowsTimeZone() {
            Verdict v = downtimeHop(SATURDAY_NIGHT).verdict("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v).isInstanceOfSatisfying(Verdict.Wait.class, w -> assertThat(w.until()).contains(t("2026-11-28T01:00:00Z")));
            assertThat(v.objections()).singleElement().satisfies(o -> {
                assertThat(o.rule()).isEqualTo("maintenance-window");
                assertThat(o.fact()).contains("topology-change hop 2.5.16 -> 2.6.15").contains("Europe/Berlin");
            });
        }

        @Test
        void inSummerTheSameLocalWindowIsAnHourEarlierInUtc() {
            Verdict v = downtimeHop(SATURDAY_NIGHT).verdict("prod", t("2026-07-01T00:00:00Z"));
            assertThat(((Verdict.Wait) v).until()).contains(t("2026-07-04T00:00:00Z"));
        }

        @Test
        void rollingHopsDoNotWaitForADowntimeWindow() {
            assertThat(rollingHop(SATURDAY_NIGHT).verdict("prod", t("2026-11-24T10:00:00Z"))).isInstanceOf(Verdict.Allow.class);
        }

        @Test
        void appliesToAllHoldsBackRollingHopsToo() {
            String all = SATURDAY_NIGHT + "    appliesTo: all\n";
            assertThat(rollingHop(all).verdict("prod", t("2026-11-24T10:00:00Z"))).isInstanceOf(Verdict.Wait.class);
        }

        /** Clocks go forward in Berlin on 2026-03-29 at 02:00: 02:30 does not exist that day; Quartz skips it. */
        @Test
        void aStartTimeThatDoesNotExistOnTheDstDayIsSkipped() {
            String daily = """
                    maintenanceWindows:
                      - schedule: "0 30 2 * * ?"
                        duration: 1h
                        timeZone: Europe/Berlin
                    """;
            Verdict v = downtimeHop(daily).verdict("prod", t("2026-03-28T23:00:00Z"));
            // 2026-03-29 02:30 local does not exist; the next opening is 2026-03-30 02:30 CEST = 00:30 UTC.
            assertThat(((Verdict.Wait) v).until()).contains(t("2026-03-30T00:30:00Z"));
        }

        /**
         * Clocks go back in Berlin on 2026-10-25 at 03:00: 02:30 happens twice. Quartz opens the window
         * once, at the second 02:30 (CET, 01:30 UTC), not at the first (CEST, 00:30 UTC).
         */
        @Test
        void aStartTimeThatHappensTwiceOpensOnceAtTheSecond() {
            String daily = """
                    maintenanceWindows:
                      - schedule: "0 30 2 * * ?"
                        duration: 30m
                        timeZone: Europe/Berlin
                    """;
            PolicyFixture f = downtimeHop(daily);
            assertThat(((Verdict.Wait) f.verdict("prod", t("2026-10-25T00:00:00Z"))).until()).contains(t("2026-10-25T01:30:00Z"));
            assertThat(f.verdict("prod", t("2026-10-25T00:45:00Z"))).isInstanceOf(Verdict.Wait.class);
            assertThat(f.verdict("prod", t("2026-10-25T01:45:00Z"))).isInstanceOf(Verdict.Allow.class);
            assertThat(((Verdict.Wait) f.verdict("prod", t("2026-10-25T02:05:00Z"))).until()).contains(t("2026-10-26T01:30:00Z"));
        }

        @Test
        void anOpenDenyWindowBlocksEvenInsideAnAllowWindowAndSaysUntilWhen() {
            String both = SATURDAY_NIGHT + """
                      - kind: deny
                        schedule: "0 0 3 ? * SAT"
                        duration: 30m
                        timeZone: Europe/Berlin
                    """;
            PolicyFixture f = downtimeHop(both);
            assertThat(f.verdict("prod", t("2026-11-28T01:30:00Z"))).isInstanceOf(Verdict.Allow.class);
            Verdict v = f.verdict("prod", t("2026-11-28T02:10:00Z"));
            assertThat(((Verdict.Wait) v).until()).contains(t("2026-11-28T02:30:00Z"));
            assertThat(v.objections().get(0).fact()).contains("deny window");
        }

        /** A daily deny window open 24 h: at the instant one opening ends the next begins, so it never allows. */
        @Test
        void backToBackDenyOpeningsLeaveNoGap() {
            String always = """
                    maintenanceWindows:
                      - kind: deny
                        schedule: "0 0 0 * * ?"
                        duration: 24h
                        timeZone: UTC
                    """;
            PolicyFixture f = downtimeHop(always);
            assertThat(f.verdict("prod", t("2026-11-25T00:00:00Z"))).isInstanceOf(Verdict.Deny.class);
            assertThat(f.verdict("prod", t("2026-11-24T10:00:00Z")).objections().get(0).fact()).contains("deny window");
        }

        @Test
        void aDenyWindowAloneAllowsOutsideIt() {
            String deny = """
                    maintenanceWindows:
                      - kind: deny
                        schedule: "0 0 9 ? * MON-FRI"
                        duration: 8h
                        timeZone: UTC
                    """;
            PolicyFixture f = downtimeHop(deny);
            assertThat(f.verdict("prod", t("2026-11-24T20:00:00Z"))).isInstanceOf(Verdict.Allow.class);
            assertThat(((Verdict.Wait) f.verdict("prod", t("2026-11-24T10:00:00Z"))).until()).contains(t("2026-11-24T17:00:00Z"));
        }
    }

    @Nested
    class Freezes {

        static final String FREEZE = """
                freezes:
                  - from: 2026-12-18T00:00:00+01:00
                    to: 2027-01-05T00:00:00+01:00
                    reason: year-end freeze
                """;

        @Test
        void nothingStartsInAFreeze() {
            Verdict v = rollingHop(FREEZE).verdict("prod", t("2026-12-24T12:00:00Z"));
            assertThat(v).isInstanceOfSatisfying(Verdict.Wait.class, w -> assertThat(w.until()).contains(t("2027-01-04T23:00:00Z")));
            assertThat(v.objections().get(0).fact()).contains("year-end freeze");
            assertThat(rollingHop(FREEZE).verdict("prod", t("2027-01-04T23:00:00Z"))).isInstanceOf(Verdict.Allow.class);
            assertThat(rollingHop(FREEZE).verdict("prod", t("2026-12-17T22:59:59Z"))).isInstanceOf(Verdict.Allow.class);
        }

        @Test
        void backToBackFreezesAreOne() {
            String two = FREEZE + """
                      - from: 2027-01-05T00:00:00+01:00
                        to: 2027-01-10T00:00:00+01:00
                        reason: launch
                    """;
            Verdict v = rollingHop(two).verdict("prod", t("2026-12-24T12:00:00Z"));
            assertThat(((Verdict.Wait) v).until()).contains(t("2027-01-09T23:00:00Z"));
        }

        /** A freeze that covers the next window: the plan waits for the first window after the freeze, not for the freeze's end. */
        @Test
        void aFreezeOverlappingAWindowWaitsForTheFirstWindowAfterIt() {
            Verdict v = downtimeHop(FREEZE + MaintenanceWindows.SATURDAY_NIGHT).verdict("prod", t("2026-12-24T12:00:00Z"));
            assertThat(rules(v)).containsExactlyInAnyOrder("freeze", "maintenance-window");
            // Freeze ends Tue 2027-01-05 00:00 Berlin; the next Saturday window opens 2027-01-09 02:00 Berlin = 01:00 UTC.
            assertThat(((Verdict.Wait) v).until()).contains(t("2027-01-09T01:00:00Z"));
        }
    }

    @Nested
    class PromotionGate {

        static PolicyFixture gate() {
            return new PolicyFixture().desired("staging", "2.6.15").desired("dev", "2.6.15")
                    .live("staging", "main", "2.5.16", Health.HEALTHY, LONG_AGO)
                    .policy("environments:\n  staging:\n    promotionGate: {soak: 24h}\n");
        }

        @Test
        void waitsWhileTheUpstreamDoesNotRunTheVersion() {
            Verdict v = gate().live("dev", "main", "2.6.1", Health.HEALTHY, LONG_AGO).verdict("staging", t("2026-11-24T10:00:00Z"));
            assertThat(v).isInstanceOfSatisfying(Verdict.Wait.class, w -> assertThat(w.until()).isEmpty());
            assertThat(v.objections().get(0).fact()).contains("dev does not run 2.6.15 healthy yet").contains("main runs 2.6.1");
        }

        @Test
        void waitsUntilTheSoakEnds() {
            Verdict v = gate().live("dev", "main", "2.6.15", Health.HEALTHY, t("2026-11-24T08:00:00Z"))
                    .verdict("staging", t("2026-11-24T10:00:00Z"));
            assertThat(v).isInstanceOfSatisfying(Verdict.Wait.class, w -> assertThat(w.until()).contains(t("2026-11-25T08:00:00Z")));
            assertThat(v.objections().get(0).fact()).contains("less than the soak time of 1d");
        }

        @Test
        void allowsOnceTheSoakIsOver() {
            PolicyFixture f = gate().live("dev", "main", "2.6.15", Health.HEALTHY, t("2026-11-24T08:00:00Z"));
            assertThat(f.verdict("staging", t("2026-11-25T07:59:59Z"))).isInstanceOf(Verdict.Wait.class);
            assertThat(f.verdict("staging", t("2026-11-25T08:00:00Z"))).isInstanceOf(Verdict.Allow.class);
        }

        @Test
        void anUnhealthyUpstreamDoesNotCount() {
            Verdict v = gate().live("dev", "main", "2.6.15", Health.DEGRADED, LONG_AGO).verdict("staging", t("2026-11-24T10:00:00Z"));
            assertThat(v.objections().get(0).fact()).contains("Degraded");
        }
    }

    @Nested
    class Approvals {

        static PolicyFixture approvals() {
            return rollingHop("approvals: {required: 2, people: [alice@example.com, bob@example.com], keys: [SHA256:abc]}");
        }

        @Test
        void twoListedApproversAllow() {
            assertThat(approvals().commit(Approval.trailer("alice@example.com"), Approval.signature("SHA256:abc"))
                    .verdict("prod", t("2026-11-24T10:00:00Z"))).isInstanceOf(Verdict.Allow.class);
        }

        @Test
        void anUnlistedPersonDoesNotCountAndTheVerdictSaysSo() {
            Verdict v = approvals().commit(Approval.trailer("alice@example.com"), Approval.trailer("mallory@example.com"),
                    Approval.signature("SHA256:other")).verdict("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v).isInstanceOfSatisfying(Verdict.NeedsApproval.class, n -> assertThat(n.what()).contains("1 more from").contains("bob@example.com"));
            assertThat(v.objections().get(0).fact()).contains("1 of 2 approvals (alice@example.com)")
                    .contains("mallory@example.com (not a listed approver)").contains("SHA256:other (key not listed)");
        }

        @Test
        void theSamePersonTwiceIsOneApproval() {
            Verdict v = approvals().commit(Approval.trailer("alice@example.com"), Approval.trailer("alice@example.com"))
                    .verdict("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v).isInstanceOf(Verdict.NeedsApproval.class);
        }

        @Test
        void aTrailerNamingAKeyIsNotASignature() {
            Verdict v = approvals().commit(Approval.trailer("SHA256:abc"), Approval.trailer("bob@example.com"))
                    .verdict("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v).isInstanceOf(Verdict.NeedsApproval.class);
        }

        @Test
        void aDenialOutranksAMissingApproval() {
            Verdict v = new PolicyFixture().live("prod", "main", "2.5.17", Health.HEALTHY, LONG_AGO)
                    .policy("environments:\n  prod:\n    approvals: {required: 1, people: [alice@example.com]}\n")
                    .verdict("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v).isInstanceOf(Verdict.Deny.class);
            assertThat(rules(v)).containsExactly("no-downgrade", "approval");
        }
    }

    @Nested
    class PlanShape {

        @Test
        void noDowngradeIsAlwaysOn() {
            Verdict v = new PolicyFixture().live("prod", "main", "2.5.17", Health.HEALTHY, LONG_AGO).verdict("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v).isInstanceOf(Verdict.Deny.class);
            assertThat(v.objections().get(0).fact()).isEqualTo("Git asks for 2.5.16 but 2.5.17 runs");
        }

        @Test
        void allowDowntimeFalseDeniesAHopThatStopsTheService() {
            assertThat(rules(downtimeHop("allowDowntime: false").verdict("prod", t("2026-11-24T10:00:00Z")))).containsExactly("allow-downtime");
            assertThat(rollingHop("allowDowntime: false").verdict("prod", t("2026-11-24T10:00:00Z"))).isInstanceOf(Verdict.Allow.class);
        }

        @Test
        void dataMigrationNeedsExplicitPermission() {
            PolicyFixture f = new PolicyFixture().desired("prod", "2.0.2").live("prod", "main", "1.1.1", Health.HEALTHY, LONG_AGO);
            assertThat(rules(f.verdict("prod", t("2026-11-24T10:00:00Z")))).containsExactly("allow-data-migration");
            f.policy("environments:\n  prod:\n    allowDataMigration: true\n");
            assertThat(f.verdict("prod", t("2026-11-24T10:00:00Z"))).isInstanceOf(Verdict.Allow.class);
        }

        @Test
        void maxHopsSaysWhereToStop() {
            Verdict v = new PolicyFixture().desired("prod", "2.6.15").live("prod", "main", "2.0.2", Health.HEALTHY, LONG_AGO)
                    .policy("defaults:\n  maxHops: 2\n").verdict("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v.objections()).singleElement().satisfies(o -> {
                assertThat(o.rule()).isEqualTo("max-hops");
                assertThat(o.fact()).contains("3 hops, more than 2");
                assertThat(o.remedy()).contains("2.5.16 first");
            });
        }

        @Test
        void environmentRulesReplaceTheDefaults() {
            PolicyFixture f = new PolicyFixture().desired("prod", "2.6.15").live("prod", "main", "2.0.2", Health.HEALTHY, LONG_AGO)
                    .policy("defaults:\n  maxHops: 2\nenvironments:\n  prod:\n    maxHops: 3\n");
            assertThat(f.verdict("prod", t("2026-11-24T10:00:00Z"))).isInstanceOf(Verdict.Allow.class);
        }

        @Test
        void healthyBeforeStart() {
            PolicyFixture f = new PolicyFixture().live("prod", "main", "2.5.12", Health.DEGRADED, t("2026-11-24T09:00:00Z"));
            Verdict v = f.verdict("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v.objections()).singleElement().satisfies(o -> {
                assertThat(o.rule()).isEqualTo("healthy-before-start");
                assertThat(o.fact()).isEqualTo("main is Degraded since 2026-11-24 09:00 UTC");
            });
            f.policy("defaults:\n  healthyBeforeStart: false\n");
            assertThat(f.verdict("prod", t("2026-11-24T10:00:00Z"))).isInstanceOf(Verdict.Allow.class);
        }

        /** The planner always backs up first; a plan that does not (a planner regression) is denied. */
        @Test
        void backupRequiredDeniesAMetadataHopWithoutABackupFirst() {
            PolicyFixture f = new PolicyFixture().desired("prod", "2.2.16").live("prod", "main", "2.1.4", Health.HEALTHY, LONG_AGO);
            var fleet = f.fleet();
            var env = fleet.environment("prod").orElseThrow();
            var live = new LiveTarget("prod", "main", Version.parse("2.1.4"), Health.HEALTHY, LONG_AGO, false,
                    Optional.empty(), List.of());
            var withoutBackup = new Hop(HopKind.META_MIGRATION,
                    Version.parse("2.1.4"), Version.parse("2.2.16"), true, Optional.empty(),
                    List.of(new Step.CheckHealthy(),
                            new Step.StopComponents(List.of()),
                            new Step.BackupMetadata()),
                    List.of(), "test", "test", false, List.of());
            var path = new PathResult.Found(new UpgradePath(Version.parse("2.1.4"),
                    Version.parse("2.2.16"), env.targets().get(0).method(), env.targets().get(0).mode(), env.targets().get(0).messageQueue(),
                    List.of(withoutBackup)));
            var ctx = new PolicyContext(fleet, new LiveFleet(Optional.empty(), Map.of()),
                    DesiredCommit.UNKNOWN, t("2026-11-24T10:00:00Z"));
            Verdict v = new PolicyEngine().evaluate(new TargetCase(env, env.targets().get(0), Optional.of(live), path), ctx);
            assertThat(rules(v)).containsExactly("backup-required");
            // Turned off, the same plan passes.
            f.policy("environments:\n  prod:\n    backupRequired: false\n");
            var ctxOff = new PolicyContext(f.fleet(), ctx.live(), DesiredCommit.UNKNOWN, ctx.now());
            assertThat(new PolicyEngine().evaluate(new TargetCase(env, env.targets().get(0), Optional.of(live), path), ctxOff))
                    .isInstanceOf(Verdict.Allow.class);
        }

        @Test
        void unknownLiveStateIsADenial() {
            assertThat(rules(new PolicyFixture().verdict("prod", t("2026-11-24T10:00:00Z")))).contains("live-state");
        }
    }

    @Nested
    class Waves {

        static PolicyFixture prodOfThree(String waves) {
            return new PolicyFixture()
                    .target("prod", "  - {name: canary, method: helm, mode: cluster, messageQueue: pulsar, canary: true, kubernetes: {context: k, namespace: c, release: c}}")
                    .target("prod", "  - {name: other, method: helm, mode: cluster, messageQueue: pulsar, kubernetes: {context: k, namespace: o, release: o}}")
                    .live("prod", "main", "2.5.12", Health.HEALTHY, LONG_AGO)
                    .live("prod", "other", "2.5.12", Health.HEALTHY, LONG_AGO)
                    .policy("environments:\n  prod:\n    waves: " + waves + "\n");
        }

        @Test
        void theCanaryGoesFirstAndAlone() {
            Map<String, Verdict> v = prodOfThree("{maxConcurrent: 2, canaryFirst: true}")
                    .live("prod", "canary", "2.5.12", Health.HEALTHY, LONG_AGO).verdicts("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v.get("canary")).isInstanceOf(Verdict.Allow.class);
            assertThat(v.get("main")).isInstanceOf(Verdict.Wait.class);
            assertThat(v.get("main").objections().get(0).fact()).contains("the canary canary goes first");
            assertThat(v.get("other")).isInstanceOf(Verdict.Wait.class);
        }

        @Test
        void afterTheCanaryAtMostNAtOnceInFileOrder() {
            Map<String, Verdict> v = prodOfThree("{maxConcurrent: 1, canaryFirst: true}")
                    .live("prod", "canary", "2.5.16", Health.HEALTHY, LONG_AGO).verdicts("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v).doesNotContainKey("canary");
            assertThat(v.get("main")).isInstanceOf(Verdict.Allow.class);
            assertThat(v.get("other")).isInstanceOf(Verdict.Wait.class);
            assertThat(v.get("other").objections().get(0).fact()).contains("at most 1 target(s) of prod upgrade at once: main first");
        }

        @Test
        void aCanaryOnTheVersionButNotHealthyStillHoldsTheOthers() {
            Map<String, Verdict> v = prodOfThree("{maxConcurrent: 2, canaryFirst: true}")
                    .live("prod", "canary", "2.5.16", Health.DEGRADED, LONG_AGO).verdicts("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v.get("main")).isInstanceOf(Verdict.Wait.class);
            assertThat(v.get("main").objections().get(0).fact()).contains("runs 2.5.16 but is Degraded");
        }

        /** The canary's image runs healthy while its plan still records the Helm release or smoke-tests: the others wait for the end. */
        @Test
        void aCanaryOnTheVersionWhosePlanHasNotEndedStillHoldsTheOthers() {
            Map<String, Verdict> v = prodOfThree("{maxConcurrent: 2, canaryFirst: true}")
                    .live("prod", "canary", "2.5.16", Health.HEALTHY, LONG_AGO, true, List.of()).verdicts("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v.get("main")).isInstanceOf(Verdict.Wait.class);
            assertThat(v.get("main").objections().get(0).fact()).contains("runs 2.5.16 but its upgrade has not finished");
        }

        @Test
        void aTargetAlreadyUpgradingTakesASlot() {
            Map<String, Verdict> v = prodOfThree("{maxConcurrent: 1, canaryFirst: false}")
                    .live("prod", "canary", "2.5.16", Health.HEALTHY, LONG_AGO)
                    .live("prod", "other", "2.5.12", Health.PROGRESSING, LONG_AGO, true, List.of())
                    .verdicts("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v.get("main")).isInstanceOf(Verdict.Wait.class);
            assertThat(v.get("main").objections().get(0).fact()).contains("other first");
        }

        @Test
        void aDeniedTargetDoesNotTakeASlot() {
            Map<String, Verdict> v = prodOfThree("{maxConcurrent: 1, canaryFirst: false}")
                    .live("prod", "canary", "2.5.16", Health.HEALTHY, LONG_AGO)
                    .live("prod", "main", "2.5.17", Health.HEALTHY, LONG_AGO)
                    .verdicts("prod", t("2026-11-24T10:00:00Z"));
            assertThat(v.get("main")).isInstanceOf(Verdict.Deny.class);
            assertThat(v.get("other")).isInstanceOf(Verdict.Allow.class);
        }
    }

    @Nested
    class Custom {

        static Verdict custom(String expression, List<HistoryEntry> history) {
            return new PolicyFixture().live("prod", "main", "2.5.12", Health.HEALTHY, LONG_AGO, false, history)
                    .policy("environments:\n  prod:\n    custom:\n      - name: rule\n        expression: \"" + expression.replace("\"", "\\\"")
                            + "\"\n        message: custom says no\n")
                    .verdict("prod", t("2026-11-27T10:00:00Z"));
        }

        @Test
        void trueAllowsFalseDeniesWithTheMessage() {
            assertThat(custom("target.method == 'helm' && plan.hopCount == 1", List.of())).isInstanceOf(Verdict.Allow.class);
            Verdict v = custom("environment.name != 'prod'", List.of());
            assertThat(v).isInstanceOf(Verdict.Deny.class);
            assertThat(v.objections().get(0).rule()).isEqualTo("custom:rule");
            assertThat(v.objections().get(0).fact()).startsWith("custom says no");
        }

        @Test
        void seesTimeAndHistory() {
            // 2026-11-27 is a Friday.
            assertThat(custom("now.getDayOfWeek('Europe/Berlin') != 5", List.of())).isInstanceOf(Verdict.Deny.class);
            List<HistoryEntry> failedYesterday = List.of(new HistoryEntry(t("2026-11-26T20:00:00Z"), Version.parse("2.5.12"),
                    Version.parse("2.5.16"), HistoryEntry.Outcome.FAILED));
            String rule = "!history.exists(h, h.outcome == 'failed' && now - h.at < duration('24h'))";
            assertThat(custom(rule, failedYesterday)).isInstanceOf(Verdict.Deny.class);
            assertThat(custom(rule, List.of())).isInstanceOf(Verdict.Allow.class);
        }

        @Test
        void anEvaluationErrorDeniesNeverAllows() {
            Verdict v = custom("target.noSuchField == 'x' || true", List.of());
            // CEL's || absorbs errors when the other side is true; a plain error must deny:
            assertThat(v).isInstanceOf(Verdict.Allow.class);
            Verdict error = custom("target.noSuchField == 'x'", List.of());
            assertThat(error).isInstanceOf(Verdict.Deny.class);
            assertThat(error.objections().get(0).fact()).contains("could not be evaluated").contains("noSuchField");
        }

        @Test
        void aNonBooleanResultDenies() {
            Verdict v = custom("target.name", List.of());
            assertThat(v).isInstanceOf(Verdict.Deny.class);
            assertThat(v.objections().get(0).fact()).contains("not true or false");
        }
    }

    @Test
    void everyObjectingRuleIsReportedMostSevereFirst() {
        Verdict v = downtimeHop("""
                allowDowntime: false
                maintenanceWindows:
                  - {schedule: "0 0 2 ? * SAT", duration: 4h}
                approvals: {required: 1, people: [alice@example.com]}
                """).verdict("prod", t("2026-11-24T10:00:00Z"));
        assertThat(v).isInstanceOf(Verdict.Deny.class);
        assertThat(rules(v)).containsExactly("allow-downtime", "approval", "maintenance-window");
    }
}
