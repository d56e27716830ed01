package io.datapipeline.rest.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Controllers only adapt HTTP to use cases; the one @Factory in wiring names the implementations. */
@AnalyzeClasses(packages = "io.datapipeline.rest", importOptions = ImportOption.DoNotIncludeTests.class)
class RestArchitectureTest {

    @ArchTest
    static final ArchRule controllersUseUseCasesNotImplementations = noClasses()
            .that().resideOutsideOfPackage("io.datapipeline.rest.wiring..")
            .should().dependOnClassesThat().resideInAnyPackage("io.datapipeline.vectoradmin..",
                    "io.datapipeline.postgres..", "io.datapipeline.llm..", "io.datapipeline.core.service..",
                    "io.datapipeline.core.port.out..", "io.datapipeline.assembly..", "org.postgresql..",
                    "com.zaxxer..", "java.sql..", "picocli..", "org.apache.commons.csv..")
            .because("controllers call port.in use cases; JDBC and files are behind them");

    @ArchTest
    static final ArchRule theServerIsAssembledByTheAssemblyOnly = noClasses()
            .that().resideInAPackage("io.datapipeline.rest..")
            .should().dependOnClassesThat().resideInAnyPackage("io.datapipeline.vectoradmin..",
                    "io.datapipeline.postgres..", "io.datapipeline.llm..", "io.datapipeline.core.service..")
            .because("the wiring adapts configuration to PipelineSettings and asks the assembly for use cases");

    @ArchTest
    static final ArchRule noGrabBagPackages = noClasses()
            .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.datapipeline.rest.(*)..").should().beFreeOfCycles();
}
