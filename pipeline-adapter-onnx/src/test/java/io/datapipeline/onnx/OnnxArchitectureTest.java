package io.datapipeline.onnx;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The in-process embedder uses onnxruntime and the tokenizer; no database, no framework, no other adapter. */
@AnalyzeClasses(packages = "io.datapipeline.onnx", importOptions = ImportOption.DoNotIncludeTests.class)
class OnnxArchitectureTest {

    @ArchTest
    static final ArchRule noDatabaseOrFrameworks = noClasses()
            .that().resideInAPackage("io.datapipeline.onnx..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.postgresql..", "com.zaxxer..",
                    "io.micronaut..", "picocli..", "org.apache.commons.csv..", "io.datapipeline.postgres..",
                    "io.datapipeline.vectoradmin..", "io.datapipeline.cli..", "io.datapipeline.rest..",
                    "io.datapipeline.assembly..", "dev.langchain4j..")
            .because("the module runs the model files itself and depends on the core (and llm's LocalEmbeddings) only");

    @ArchTest
    static final ArchRule noGrabBagPackages = noClasses()
            .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..");
}
