package io.datapipeline.llm.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The model adapter speaks HTTP with the JDK client; no database, no framework. */
@AnalyzeClasses(packages = "io.datapipeline.llm", importOptions = ImportOption.DoNotIncludeTests.class)
class LlmArchitectureTest {

    @ArchTest
    static final ArchRule noDatabaseOrFrameworks = noClasses()
            .that().resideInAPackage("io.datapipeline.llm..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..", "com.zaxxer..",
                    "io.micronaut..", "picocli..", "org.apache.commons.csv..", "io.datapipeline.postgres..",
                    "io.datapipeline.vectoradmin..", "io.datapipeline.cli..", "io.datapipeline.rest..")
            .because("adapters depend on the core only");

    @ArchTest
    static final ArchRule noGrabBagPackages = noClasses()
            .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..");
}
