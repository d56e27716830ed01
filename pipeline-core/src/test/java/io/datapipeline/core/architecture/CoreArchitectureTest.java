package io.datapipeline.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core is plain Java: it depends on the JDK, slf4j-api and itself, nothing else. The enforcer's
 * bannedDependencies rule keeps other jars off its classpath; this keeps code from reaching for one
 * anyway (e.g. java.sql, which is in the JDK but belongs in the PostgreSQL adapter).
 */
@AnalyzeClasses(packages = "io.datapipeline.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnlyOnJdkSlf4jAndItself = classes()
            .that().resideInAPackage("io.datapipeline.core..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java.lang..", "java.util..", "java.time..", "java.io..", "java.nio..", "java.net..",
                    "java.math..", "java.security..", "java.text..", "org.slf4j..", "io.datapipeline.core..")
            .because("the core must stay framework- and driver-free (no java.sql, no javax, no frameworks)");

    @ArchTest
    static final ArchRule noFileSystemOrJulInCore = noClasses()
            .that().resideInAPackage("io.datapipeline.core..")
            .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.util.logging..")
            .because("files are reached through TaskWorkspace and the backup-set ports, and the core logs with slf4j");

    @ArchTest
    static final ArchRule incomingPortsDoNotKnowOutgoingPorts = noClasses()
            .that().resideInAPackage("..core.port.in..")
            .should().dependOnClassesThat().resideInAPackage("..core.port.out..")
            .because("a use case's signature is the adapters' contract; driven ports are an implementation detail");

    @ArchTest
    static final ArchRule outgoingPortsDoNotKnowIncomingPorts = noClasses()
            .that().resideInAPackage("..core.port.out..")
            .should().dependOnClassesThat().resideInAPackage("..core.port.in..")
            .because("a driven adapter implements its port without knowing who drives the core");

    @ArchTest
    static final ArchRule servicesImplementAUseCase = classes()
            .that().resideInAPackage("..core.service..").and().haveSimpleNameEndingWith("Service")
            .should().implement(JavaClass.Predicates.simpleNameEndingWith("UseCase"))
            .because("a service is the implementation of a driving port, never an entry point of its own");

    @ArchTest
    static final ArchRule useCasesAreInterfacesInPortIn = classes()
            .that().haveSimpleNameEndingWith("UseCase")
            .should().beInterfaces().andShould().resideInAPackage("..port.in..")
            .because("a use case is a driving port: an interface the adapters call");

    @ArchTest
    static final ArchRule commandsLiveWithTheirUseCases = classes()
            .that().haveSimpleNameEndingWith("Command")
            .should().resideInAPackage("..port.in..")
            .andShould().beRecords()
            .because("a command is the immutable input of a use case");

    @ArchTest
    static final ArchRule drivenPortsAreInterfacesInPortOut = classes()
            .that().resideInAPackage("..port.out..").and().areTopLevelClasses()
            .and().haveSimpleNameNotEndingWith("Pair").and().haveSimpleNameNotEndingWith("Shape")
            .and().areNotEnums()
            .should().beInterfaces()
            .because("driven ports are interfaces the adapters implement (enums such as TransactionMode are values "
                    + "their signatures carry)");

    @ArchTest
    static final ArchRule servicesImplementUseCases = classes()
            .that().haveSimpleNameEndingWith("Service").and().resideInAPackage("io.datapipeline.core..")
            .should().resideInAPackage("..core.service..")
            .because("services implement use cases; the core's live in core.service");

    @ArchTest
    static final ArchRule domainDoesNotReachOutward = noClasses()
            .that().resideInAnyPackage("..core.domain..", "..core.vector..", "..core.execution..", "..core.retrieval..")
            .should().dependOnClassesThat().resideInAnyPackage("..core.port..", "..core.service..")
            .because("the domain model knows nothing of ports or services");

    @ArchTest
    static final ArchRule noGrabBagPackages = noClasses()
            .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..")
            .because("a helper lives next to its only user");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.datapipeline.core.(*)..").should().beFreeOfCycles();
}
