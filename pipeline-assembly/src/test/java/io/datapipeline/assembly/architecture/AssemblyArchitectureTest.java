package io.datapipeline.assembly.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The assembly is plain Java, so a library user can embed it without a framework. */
@AnalyzeClasses(packages = "io.datapipeline.assembly", importOptions = ImportOption.DoNotIncludeTests.class)
class AssemblyArchitectureTest {

    @ArchTest
    static final ArchRule noFrameworks = noClasses()
            .that().resideInAPackage("io.datapipeline.assembly..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "picocli..", "io.datapipeline.rest..",
                    "io.datapipeline.cli..", "java.sql..", "org.postgresql..", "com.zaxxer..")
            .because("the REST server and the CLI depend on the assembly, never the reverse; JDBC stays in the "
                    + "PostgreSQL adapter");
}
