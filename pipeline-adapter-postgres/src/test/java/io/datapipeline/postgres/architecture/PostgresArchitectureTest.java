package io.datapipeline.postgres.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The PostgreSQL adapter implements core ports, and the driven ports of vector management's own hexagon, with pgjdbc
 * and HikariCP, and nothing else.
 */
@AnalyzeClasses(packages = "io.datapipeline.postgres", importOptions = ImportOption.DoNotIncludeTests.class)
class PostgresArchitectureTest {

    @ArchTest
    static final ArchRule noOtherAdaptersOrFrameworks = noClasses()
            .that().resideInAPackage("io.datapipeline.postgres..")
            .should().dependOnClassesThat().resideInAnyPackage("io.datapipeline.cli..", "io.datapipeline.rest..",
                    "io.datapipeline.llm..", "io.datapipeline.assembly..", "io.micronaut..", "picocli..",
                    "org.apache.commons.csv..")
            .because("adapters depend on the core, never on each other or on other modules' frameworks");

    @ArchTest
    static final ArchRule ofVectorManagementOnlyItsPorts = noClasses()
            .that().resideInAPackage("io.datapipeline.postgres..")
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.datapipeline.vectoradmin..")
                    .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.datapipeline.vectoradmin.port"))))
            .because("the adapter implements vector management's driven ports (vectoradmin.port); how backup sets, "
                    + "restores and reloads work is not its business");

    @ArchTest
    static final ArchRule noGrabBagPackages = noClasses()
            .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.datapipeline.postgres.(*)..").should().beFreeOfCycles();
}
