package io.milvusgitops.policy.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled CEL expression of a custom rule. Evaluation is bounded three ways, so that no rule can
 * hold a pass: cel-java's own limit on comprehension iterations ({@link #MAX_ITERATIONS}, counted over
 * the whole evaluation, nested comprehensions included), a cost budget of evaluated expression nodes
 * ({@link #MAX_STEPS}, counted by an evaluation listener) and a time limit ({@link #TIME_LIMIT}). A
 * rule over any of them is an {@link Outcome.Error}, which the engine reports under the rule's name.
 * Expressions themselves are bounded when compiled (length and nesting). The variables (docs/policy.md):
 * {@code environment}, {@code target}, {@code plan} (maps), {@code history} (a list of maps) and
 * {@code now} (a timestamp). Anything but {@code true} or {@code false} from an evaluation (an
 * error, a missing key, a non-boolean) is an {@link Outcome.Error}, which the engine treats as a
 * denial: a broken rule never lets a plan through.
 */
public final class CelCheck {

    private static final MapType OBJECT = MapType.create(SimpleType.STRING, SimpleType.DYN);
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("environment", OBJECT)
            .addVar("target", OBJECT)
            .addVar("plan", OBJECT)
            .addVar("history", ListType.create(OBJECT))
            .addVar("now", SimpleType.TIMESTAMP)
            .setResultType(SimpleType.BOOL)
            .setOptions(CelOptions.current().maxParseRecursionDepth(64).build())
            .build();
    /** Iterations of comprehensions ({@code all}, {@code exists}, {@code map}, ...) in one evaluation. */
    public static final int MAX_ITERATIONS = 100_000;
    /** Expression nodes evaluated in one evaluation: the cost budget. */
    public static final long MAX_STEPS = 1_000_000;
    /** Wall-clock time of one evaluation. */
    public static final Duration TIME_LIMIT = Duration.ofMillis(250);
    private static final CelOptions OPTIONS = CelOptions.current()
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxParseRecursionDepth(64)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    /** The result of one evaluation. */
    public sealed interface Outcome {
        record True() implements Outcome {
        }

        record False() implements Outcome {
        }

        record Error(String message) implements Outcome {
        }
    }

    /** Compiling gives a check, or the compiler's message. */
    public sealed interface Compiled {
        record Ok(CelCheck check) implements Compiled {
        }

        record Failed(String message) implements Compiled {
        }
    }

    private final CelRuntime.Program program;

    private CelCheck(CelRuntime.Program program) {
        this.program = program;
    }

    public static Compiled compile(String expression) {
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            return new Compiled.Ok(new CelCheck(RUNTIME.createProgram(ast)));
        } catch (CelValidationException e) {
            return new Compiled.Failed(oneLine(e.getMessage()));
        } catch (CelEvaluationException | RuntimeException e) {
            return new Compiled.Failed(oneLine(String.valueOf(e.getMessage())));
        }
    }

    public Outcome evaluate(Map<String, ?> variables) {
        Budget budget = new Budget(System.nanoTime() + TIME_LIMIT.toNanos());
        try {
            Object v = program.trace(variables, budget);
            if (v instanceof Boolean b) {
                return b ? new Outcome.True() : new Outcome.False();
            }
            return new Outcome.Error("the expression gave " + v + ", not true or false");
        } catch (CelEvaluationException | RuntimeException e) {
            Optional<String> over = budget.exceeded().or(() -> overIterations(e));
            return new Outcome.Error(over.orElseGet(() -> oneLine(String.valueOf(e.getMessage()))));
        }
    }

    /** cel-java's own iteration limit, said in words. */
    private static Optional<String> overIterations(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("Iteration budget exceeded")) {
                return Optional.of("over budget: more than " + MAX_ITERATIONS + " comprehension iterations; keep the rule to the data it judges");
            }
        }
        return Optional.empty();
    }

    /** Counts evaluated nodes and watches the clock; throwing from the listener ends the evaluation. */
    private static final class Budget implements CelEvaluationListener {
        private final long deadline;
        private long steps;
        private String exceeded;

        Budget(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public void callback(CelExpr expr, Object result) {
            steps++;
            if (steps > MAX_STEPS) {
                exceeded = "over budget: more than " + MAX_STEPS + " evaluation steps; keep the rule to the data it judges";
                throw new IllegalStateException(exceeded);
            }
            if ((steps & 1023) == 0 && System.nanoTime() > deadline) {
                exceeded = "over the time limit of " + TIME_LIMIT.toMillis() + " ms; keep the rule to the data it judges";
                throw new IllegalStateException(exceeded);
            }
        }

        Optional<String> exceeded() {
            return Optional.ofNullable(exceeded);
        }
    }

    @Override
    public String toString() {
        return "compiled CEL";
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\n\\s*\\|?\\s*", " ").trim();
    }
}
