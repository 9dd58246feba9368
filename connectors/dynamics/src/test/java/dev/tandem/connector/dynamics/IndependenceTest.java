package dev.tandem.connector.dynamics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tandem.emulator.dynamics.DynamicsEmulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connector talks to the emulator over HTTP only: were they to share classes, a misreading of
 * the Dataverse documentation would be copied into both and the tests would still pass.
 */
class IndependenceTest {
  @Test
  void connectorCodeNeverUsesTheEmulator() {
    // Import just the two modules' class folders (or jars): scanning the classpath is slow.
    JavaClasses main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importUrls(
                List.of(
                    DynamicsConnector.class.getProtectionDomain().getCodeSource().getLocation(),
                    DynamicsEmulator.class.getProtectionDomain().getCodeSource().getLocation()));
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.connector..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tandem.emulator..")
        .check(main);
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.emulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tandem.connector..", "dev.tandem.core..")
        .check(main);
  }
}
