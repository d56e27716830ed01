package io.datapipeline.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Commands parse input, call a use case (port.in) and render the result; only wiring names implementations. */
@AnalyzeClasses(packages = "io.datapipeline.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class CliArchitectureTest {

    @ArchTest
    static final ArchRule commandsUseUseCasesNotImplementations = noClasses()
            .that().resideInAPackage("io.datapipeline.cli.command..")
            .should().dependOnClassesThat().resideInAnyPackage("io.datapipeline.vectoradmin..",
                    "io.datapipeline.postgres..", "io.datapipeline.llm..", "io.datapipeline.core.service..",
                    "io.datapipeline.core.port.out..", "org.postgresql..", "com.zaxxer..", "java.sql..")
            .because("a command calls port.in use cases handed out by the wiring package");

    @ArchTest
    static final ArchRule theCliIsAssembledByTheAssemblyOnly = noClasses()
            .that().resideInAPackage("io.datapipeline.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("io.datapipeline.vectoradmin..",
                    "io.datapipeline.postgres..", "io.datapipeline.llm..", "io.datapipeline.core.service..")
            .because("the wiring adapts options, environment and config file to PipelineSettings and asks the "
                    + "assembly for use cases");

    @ArchTest
    static final ArchRule noMicronautInTheCli = noClasses()
            .that().resideInAPackage("io.datapipeline.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "io.datapipeline.rest..")
            .because("the CLI is wired by hand and starts fast; Micronaut belongs to the REST adapter");

    @ArchTest
    static final ArchRule picocliStaysInCommands = noClasses()
            .that().resideInAPackage("io.datapipeline.cli.wiring..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("the object graph does not depend on how the command line is parsed");

    @ArchTest
    static final ArchRule noGrabBagPackages = noClasses()
            .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.datapipeline.cli.(*)..").should().beFreeOfCycles();
}
