package io.datapipeline.vectoradmin.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** vector-admin moves bytes and files; it never talks to a database driver or a framework. */
@AnalyzeClasses(packages = "io.datapipeline.vectoradmin", importOptions = ImportOption.DoNotIncludeTests.class)
class VectorAdminArchitectureTest {

    @ArchTest
    static final ArchRule onlyCoreCsvJacksonAndTheJdk = classes()
            .that().resideInAPackage("io.datapipeline.vectoradmin..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..",
                    "java.io..", "java.nio..", "java.math..", "java.security..", "java.text..", "org.slf4j..",
                    "io.datapipeline.core..", "io.datapipeline.wire..", "io.datapipeline.vectoradmin..", "org.apache.commons.csv..",
                    "com.github.luben.zstd..",
                    "com.fasterxml.jackson..")
            .because("the database is reached through the VectorTableStore port only (no JDBC here)");

    @ArchTest
    static final ArchRule noFrameworks = noClasses()
            .that().resideInAPackage("io.datapipeline.vectoradmin..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..", "com.zaxxer..",
                    "io.micronaut..", "picocli..")
            .because("frameworks and drivers stay in their adapter modules");

    @ArchTest
    static final ArchRule noGrabBagPackages = noClasses()
            .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..");

    @ArchTest
    static final ArchRule backupSetsDoNotKnowTheTaskWorkspace = noClasses()
            .that().resideInAPackage("io.datapipeline.vectoradmin")
            .should().dependOnClassesThat().resideInAPackage("io.datapipeline.vectoradmin.workspace..")
            .because("the task-file workspace uses the data directory, not the other way round (with two packages "
                    + "this one direction is what keeps them free of cycles)");
}
