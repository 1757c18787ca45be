package io.milvusgitops.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A CEL rule cannot run unbounded: cel-java's iteration limit, a cost budget and a time limit each stop it with a reason. */
class CelBudgetTest {

    static final Map<String, Object> VARS = Map.of("environment", Map.of(), "target", Map.of(), "plan", Map.of(),
            "history", List.of(), "now", Instant.parse("2026-01-01T00:00:00Z"));

    static CelCheck compile(String expression) {
        return switch (CelCheck.compile(expression)) {
            case CelCheck.Compiled.Ok ok -> ok.check();
            case CelCheck.Compiled.Failed f -> throw new AssertionError(f.message());
        };
    }

    static String range(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void nestedComprehensionsOverABigRangeStopOverBudget() {
        // 1000^3 = 10^9 steps unbounded.
        String r = range(1000);
        CelCheck check = compile(r + ".all(x, " + r + ".all(y, " + r + ".all(z, x + y + z >= 0)))");
        CelCheck.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check.evaluate(VARS));
        assertThat(outcome).isInstanceOfSatisfying(CelCheck.Outcome.Error.class, e -> assertThat(e.message()).contains("over"));
    }

    @Test
    void aLongFlatEvaluationStopsAtTheCostBudgetOrTheClock() {
        // No comprehension deep enough for the iteration limit, but millions of nodes: string growth by repeated concatenation.
        String r = range(300);
        CelCheck check = compile(r + ".all(x, !" + r + ".exists(y, string(x) + string(y) + string(x) + string(y) == 'never'))");
        CelCheck.Outcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check.evaluate(VARS));
        // Which limit stops it first depends on the machine's speed; either is an error that names the limit.
        assertThat(outcome).isInstanceOfSatisfying(CelCheck.Outcome.Error.class, e -> assertThat(e.message())
                .containsAnyOf("over budget", "over the time limit").containsAnyOf("evaluation steps", "250 ms"));
    }

    @Test
    void ordinaryRulesStillRun() {
        assertThat(compile("[1,2,3].all(x, x > 0)").evaluate(VARS)).isInstanceOf(CelCheck.Outcome.True.class);
        assertThat(compile(range(100) + ".exists(x, x == 99)").evaluate(VARS)).isInstanceOf(CelCheck.Outcome.True.class);
    }
}
