package io.milvusgitops.policy.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;

/**
 * A compiled CEL expression of a custom rule. The variables (docs/policy.md):
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
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

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
        try {
            Object v = program.eval(variables);
            if (v instanceof Boolean b) {
                return b ? new Outcome.True() : new Outcome.False();
            }
            return new Outcome.Error("the expression gave " + v + ", not true or false");
        } catch (CelEvaluationException | RuntimeException e) {
            return new Outcome.Error(oneLine(String.valueOf(e.getMessage())));
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
