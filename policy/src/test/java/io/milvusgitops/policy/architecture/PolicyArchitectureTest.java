package io.milvusgitops.policy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain module's shape: no package cycle, and the path planner knows nothing of policy or plans. */
@AnalyzeClasses(packages = "io.milvusgitops.policy", importOptions = ImportOption.DoNotIncludeTests.class)
class PolicyArchitectureTest {

    /** Every package is its own slice ({@code engine} and {@code engine.checks} apart): an arrow back up is a failure. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.milvusgitops.policy.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule thePlannerDoesNotJudge = noClasses().that().resideInAnyPackage("..policy.path..", "..policy.catalog..", "..policy.version..")
            .should().dependOnClassesThat().resideInAnyPackage("..policy.engine..", "..policy.verdict..", "..policy.plan..", "..policy.rules..");
}
