package io.milvusgitops.daemon.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The daemon's shape, as docs/architecture.md draws it: no package cycle; the driver contract depends on
 * no driver; drivers never plan; the reconcile flow does not know which drivers exist.
 */
@AnalyzeClasses(packages = "io.milvusgitops.daemon", importOptions = ImportOption.DoNotIncludeTests.class)
class DaemonArchitectureTest {

    /** Every package is its own slice: an arrow back up (helm -> kube -> helm) is a failure naming the classes. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.milvusgitops.daemon.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theDriverContractKnowsNoDriver = noClasses().that().resideInAPackage("..daemon.driver..")
            .should().dependOnClassesThat().resideInAnyPackage("..daemon.helm..", "..daemon.compose..", "..daemon.operator..", "..daemon.kube..",
                    "..daemon.reconcile..", "..daemon.runtime..");

    @ArchTest
    static final ArchRule driversNeverPlan = noClasses().that().resideInAnyPackage("..daemon.helm..", "..daemon.compose..", "..daemon.operator..",
                    "..daemon.kube..", "..daemon.etcd..")
            .should().dependOnClassesThat().resideInAnyPackage("..policy.plan..", "..policy.engine..", "..policy.verdict..")
            .orShould().dependOnClassesThat().haveSimpleName("UpgradePlanner");

    /** The pages are handed to the server through {@code http.Pages}: the server's library may change, the pages do not. */
    @ArchTest
    static final ArchRule thePagesKnowNoServer = noClasses().that().resideInAPackage("..daemon.page..")
            .should().dependOnClassesThat().resideInAnyPackage("com.sun.net.httpserver..", "org.eclipse.jetty..", "io.vertx..", "io.netty..");

    @ArchTest
    static final ArchRule theReconcileFlowKnowsNoDriver = noClasses().that().resideInAnyPackage("..daemon.reconcile..", "..daemon.record..",
                    "..daemon.status..", "..daemon.audit..")
            .should().dependOnClassesThat().resideInAnyPackage("..daemon.helm..", "..daemon.compose..", "..daemon.operator..", "..daemon.kube..",
                    "..daemon.runtime..");
}
