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
    static final ArchRule operationsDoNotKnowTheTaskWorkspace = noClasses()
            .that().resideInAnyPackage("io.datapipeline.vectoradmin", "io.datapipeline.vectoradmin.sets..",
                    "io.datapipeline.vectoradmin.port..")
            .should().dependOnClassesThat().resideInAPackage("io.datapipeline.vectoradmin.workspace..")
            .because("the task-file workspace uses the data directory, not the other way round");

    @ArchTest
    static final ArchRule setsDoNotDependOnOperations = noClasses()
            .that().resideInAPackage("io.datapipeline.vectoradmin.sets..")
            .should().dependOnClassesThat().resideInAPackage("io.datapipeline.vectoradmin")
            .because("the file side (catalog, data files, manifest, names, inspector, locks) lies under the operations "
                    + "(backup, reload, restore, prune, dedupe, drill) that use it, never above them");

    @ArchTest
    static final ArchRule portsStandAlone = noClasses()
            .that().resideInAPackage("io.datapipeline.vectoradmin.port..")
            .should().dependOnClassesThat().resideInAnyPackage("io.datapipeline.vectoradmin",
                    "io.datapipeline.vectoradmin.sets..", "io.datapipeline.vectoradmin.workspace..", "java.nio.file..",
                    "com.fasterxml.jackson..", "org.apache.commons.csv..")
            .because("the driven ports are what the postgres adapter implements: core values and the JDK only");

    @ArchTest
    static final ArchRule noPackageCycles = com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
            .matching("io.datapipeline.vectoradmin.(**)").should().beFreeOfCycles();
}
