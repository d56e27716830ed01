package io.datapipeline.wire.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The wire shapes map core values to JSON and nothing else: no framework, no driver, no service. */
@AnalyzeClasses(packages = "io.datapipeline.wire", importOptions = ImportOption.DoNotIncludeTests.class)
class WireArchitectureTest {

    @ArchTest
    static final ArchRule onlyCoreValuesJacksonAndTheJdk = classes()
            .that().resideInAPackage("io.datapipeline.wire..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.time..",
                    "java.io..", "java.math..", "io.datapipeline.core.domain..", "io.datapipeline.core.vector..",
                    "io.datapipeline.core.execution..", "io.datapipeline.core.retrieval..", "io.datapipeline.core.port.in..",
                    "io.datapipeline.wire..", "com.fasterxml.jackson..")
            .because("REST, the CLI and the stored files share these shapes; they must not pull an adapter in");

    @ArchTest
    static final ArchRule noServicesOrDrivenPorts = noClasses()
            .that().resideInAPackage("io.datapipeline.wire..")
            .should().dependOnClassesThat().resideInAnyPackage("io.datapipeline.core.service..",
                    "io.datapipeline.core.port.out..", "io.micronaut..", "picocli..")
            .because("a shape renders a value; it never runs a use case");
}
