package io.milvusgitops.policy.path;

import io.milvusgitops.policy.catalog.HopKind;
import io.milvusgitops.policy.target.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;

/** AssertJ assertions that read like the upgrade guides: hops, step order, charts. */
final class PathAssert extends AbstractAssert<PathAssert, PathResult> {

    private PathAssert(PathResult actual) {
        super(actual, PathAssert.class);
    }

    static PathAssert assertThatPath(PathResult result) {
        return new PathAssert(result);
    }

    /** "meta-migration 2.1.4>2.5.16, topology-change 2.5.16>2.6.15". */
    static String summary(UpgradePath p) {
        return p.hops().stream().map(h -> h.kind().id() + " " + h.from() + ">" + h.to()).collect(Collectors.joining(", "));
    }

    UpgradePath found() {
        isNotNull();
        if (!(actual instanceof PathResult.Found f)) {
            failWithMessage("expected a path but the planner refused: %s", ((PathResult.Refused) actual).refusal().reason());
            throw new AssertionError();
        }
        return f.path();
    }

    PathAssert hasHops(String expected) {
        Assertions.assertThat(summary(found())).as("hops").isEqualTo(expected);
        return this;
    }

    HopAssert hop(int index) {
        UpgradePath p = found();
        Assertions.assertThat(p.hops()).as("hops").hasSizeGreaterThan(index);
        return new HopAssert(p.hops().get(index));
    }

    Refusal refused(Class<? extends Refusal> type) {
        isNotNull();
        if (!(actual instanceof PathResult.Refused r)) {
            failWithMessage("expected a refusal (%s) but got the path %s", type.getSimpleName(), summary(((PathResult.Found) actual).path()));
            throw new AssertionError();
        }
        Assertions.assertThat(r.refusal()).as("refusal: %s", r.refusal().reason()).isInstanceOf(type);
        return r.refusal();
    }

    static final class HopAssert extends AbstractAssert<HopAssert, Hop> {

        HopAssert(Hop hop) {
            super(hop, HopAssert.class);
        }

        HopAssert isKind(HopKind kind) {
            Assertions.assertThat(actual.kind()).isEqualTo(kind);
            return this;
        }

        /** The step types appear in this order (others may stand between them). */
        @SafeVarargs
        final HopAssert hasStepsInOrder(Class<? extends Step>... types) {
            return inOrder(actual.steps(), "steps", types);
        }

        @SafeVarargs
        final HopAssert rollsBackInOrder(Class<? extends Step>... types) {
            return inOrder(actual.rollback(), "rollback", types);
        }

        private HopAssert inOrder(List<Step> steps, String what, Class<? extends Step>[] types) {
            int at = 0;
            for (Class<? extends Step> t : types) {
                while (at < steps.size() && !t.isInstance(steps.get(at))) at++;
                if (at == steps.size()) {
                    failWithMessage("expected %s in %s order %s but the %s are:%n%s", t.getSimpleName(), what,
                            List.of(types).stream().map(Class::getSimpleName).toList(), what, describe(steps));
                }
                at++;
            }
            return this;
        }

        HopAssert hasNoStep(Class<? extends Step> type) {
            Assertions.assertThat(actual.steps()).as("steps of %s", actual.kind()).noneMatch(type::isInstance);
            return this;
        }

        /** The components updated one by one, in order. */
        HopAssert updatesComponentsInOrder(Component... expected) {
            List<Component> updated = new ArrayList<>();
            for (Step s : actual.steps()) {
                if (s instanceof Step.UpdateComponent u) updated.add(u.component());
            }
            Assertions.assertThat(updated).as("components updated").containsExactly(expected);
            return this;
        }

        HopAssert hasChart(String version, boolean resetThenReuse) {
            Assertions.assertThat(actual.chart()).as("chart").isPresent();
            Assertions.assertThat(actual.chart().get().chartVersion()).hasToString(version);
            Assertions.assertThat(actual.chart().get().resetThenReuseValues()).as("--reset-then-reuse-values").isEqualTo(resetThenReuse);
            return this;
        }

        HopAssert needsDowntime(boolean expected) {
            Assertions.assertThat(actual.downtime()).as("downtime").isEqualTo(expected);
            return this;
        }

        HopAssert hasNoteContaining(String text) {
            Assertions.assertThat(actual.notes()).anyMatch(n -> n.contains(text));
            return this;
        }

        private static String describe(List<Step> steps) {
            return steps.stream().map(s -> "  " + s.type() + ": " + s.describe()).collect(Collectors.joining("\n"));
        }
    }
}
