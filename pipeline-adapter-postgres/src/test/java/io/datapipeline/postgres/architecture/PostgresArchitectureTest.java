package io.datapipeline.postgres.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The PostgreSQL adapter implements core ports with pgjdbc and HikariCP, and nothing else. */
@AnalyzeClasses(packages = "io.datapipeline.postgres", importOptions = ImportOption.DoNotIncludeTests.class)
class PostgresArchitectureTest {

    @ArchTest
    static final ArchRule noOtherAdaptersOrFrameworks = noClasses()
            .that().resideInAPackage("io.datapipeline.postgres..")
            .should().dependOnClassesThat().resideInAnyPackage("io.datapipeline.vectoradmin..", "io.datapipeline.cli..",
                    "io.datapipeline.rest..", "io.datapipeline.llm..", "io.micronaut..", "picocli..",
                    "org.apache.commons.csv..")
            .because("adapters depend on the core, never on each other or on other modules' frameworks");

    @ArchTest
    static final ArchRule noGrabBagPackages = noClasses()
            .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.datapipeline.postgres.(*)..").should().beFreeOfCycles();
}
