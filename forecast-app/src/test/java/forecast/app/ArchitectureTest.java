package forecast.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module diagram as rules: the domain depends on the JDK only, adapters depend on the domain
 * and never on each other, only the application sees the adapters, and library types stay inside
 * their adapter. JPMS enforces most of this at compile time; these rules say it readably and also
 * catch what module-info cannot (a library type used by the app through an adapter's API).
 */
class ArchitectureTest {
    private static final List<String> MODULES = List.of("forecast-domain", "forecast-adapters-ml",
            "forecast-adapters-persistence", "forecast-adapters-web", "forecast-app");
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        // each module's compiled classes, read from its build folder: on the module path a package
        // scan cannot see into other modules
        Path root = Path.of("").toAbsolutePath().getParent();
        Path[] dirs = MODULES.stream().map(m -> root.resolve(m).resolve("target/classes")).filter(Files::isDirectory).toArray(Path[]::new);
        if (dirs.length != MODULES.size()) throw new IllegalStateException("build every module first; found " + List.of(dirs));
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPaths(dirs);
    }

    @Test
    void everyModuleWasImported() {
        for (String pkg : List.of("forecast.domain", "forecast.adapters.ml", "forecast.adapters.persistence", "forecast.adapters.web", "forecast.app")) {
            if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(pkg)))
                throw new AssertionError("no classes imported from " + pkg);
        }
    }

    @Test
    void domainUsesOnlyTheJdk() {
        classes().that().resideInAPackage("forecast.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("forecast.domain..", "java..")
                .check(classes);
    }

    @Test
    void modulesDependInwardsOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("forecast.app..")
                .layer("ml").definedBy("forecast.adapters.ml..")
                .layer("persistence").definedBy("forecast.adapters.persistence..")
                .layer("web").definedBy("forecast.adapters.web..")
                .layer("domain").definedBy("forecast.domain..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("ml").mayOnlyBeAccessedByLayers("app")
                .whereLayer("persistence").mayOnlyBeAccessedByLayers("app")
                .whereLayer("web").mayOnlyBeAccessedByLayers("app")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("app", "ml", "persistence", "web")
                .check(classes);
    }

    @Test
    void libraryTypesStayInsideTheirAdapter() {
        Stream.of(
                new String[] {"forecast.adapters.ml..", "ml.dmlc..", "org.apache.commons.math3..", "org.deeplearning4j..", "org.nd4j.."},
                new String[] {"forecast.adapters.persistence..", "org.jdbi..", "org.h2.."},
                new String[] {"forecast.adapters.web..", "io.helidon..", "jakarta.json.."}
        ).forEach(rule -> noClasses().that().resideOutsideOfPackage(rule[0])
                .should().dependOnClassesThat().resideInAnyPackage(java.util.Arrays.copyOfRange(rule, 1, rule.length))
                .because("library types never leave their adapter")
                .check(classes));
    }

    /**
     * No package of the domain depends, directly or through others, on itself: each can be read,
     * tested and changed from its dependencies up. Where a package needs a service of a package that
     * depends on it, it owns a small port that the other implements (deployment's LiveVersions,
     * experiment's ArmVersions, serving's RequestWatch). Nothing is ignored.
     */
    @Test
    void domainPackagesAreFreeOfCycles() {
        slices().matching("forecast.domain.(*)..").should().beFreeOfCycles()
                .check(classes);
    }

    @Test
    void inMemoryAdaptersAreNotProductionCode() {
        noClasses().should().resideInAPackage("forecast.domain.memory..")
                .orShould().dependOnClassesThat().resideInAPackage("forecast.domain.memory..")
                .because("the in-memory adapters are test fixtures (forecast-domain/src/memory/java), compiled into each module's tests only")
                .check(classes);
    }
}
