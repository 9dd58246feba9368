package dev.tandem.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module directions of DESIGN.md: app → server → engine → core ← connectors; emulators share
 * nothing with the connectors they serve; core does no I/O.
 */
class ArchitectureTest {
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tandem");
  }

  @Test
  void coreDependsOnNothingOfTandem() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tandem.engine..",
            "dev.tandem.connector..",
            "dev.tandem.emulator..",
            "dev.tandem.server..",
            "dev.tandem.app..")
        .check(classes);
  }

  @Test
  void coreDoesNoIoAndStartsNoThreads() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.net.http..",
            "java.nio.channels..",
            "java.sql..",
            "javax.sql..",
            "java.util.concurrent..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.core..")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(
            java.nio.file.Files.class,
            java.io.FileInputStream.class,
            java.io.FileOutputStream.class,
            java.io.FileReader.class,
            java.io.FileWriter.class,
            java.io.RandomAccessFile.class,
            java.net.Socket.class,
            java.net.URLConnection.class,
            Thread.class)
        .check(classes);
  }

  @Test
  void engineKnowsNoConnectorServerOrApp() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tandem.connector..",
            "dev.tandem.emulator..",
            "dev.tandem.server..",
            "dev.tandem.app..")
        .check(classes);
  }

  @Test
  void connectorsDependOnlyOnCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.connector..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tandem.engine..",
            "dev.tandem.emulator..",
            "dev.tandem.server..",
            "dev.tandem.app..")
        .check(classes);
  }

  @Test
  void connectorsDoNotDependOnEachOther() {
    for (String c : new String[] {"memory", "csv", "hubspot", "dynamics", "carddav", "vdir"}) {
      noClasses()
          .that()
          .resideInAPackage("dev.tandem.connector." + c + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(otherConnectors(c))
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  private static String[] otherConnectors(String self) {
    return java.util.Arrays.stream(
            new String[] {"memory", "csv", "hubspot", "dynamics", "carddav", "vdir"})
        .filter(c -> !c.equals(self))
        .map(c -> "dev.tandem.connector." + c + "..")
        .toArray(String[]::new);
  }

  @Test
  void emulatorsShareNothingWithConnectors() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.emulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tandem.connector..", "dev.tandem.core..", "dev.tandem.engine..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void serverDoesNotReachIntoTheApp() {
    noClasses()
        .that()
        .resideInAPackage("dev.tandem.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tandem.app..")
        .allowEmptyShould(true)
        .check(classes);
  }
}
