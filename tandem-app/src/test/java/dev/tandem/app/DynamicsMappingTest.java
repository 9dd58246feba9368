package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.mapping.Direction;
import dev.tandem.core.mapping.FieldMapping;
import dev.tandem.core.mapping.MappingResolver;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.model.Side;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.FieldDef;
import dev.tandem.core.spi.Schema;
import dev.tandem.emulator.dynamics.DynamicsEmulator;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import dev.tandem.engine.CallMeter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default mappings between HubSpot and Dynamics, resolved from the schemas both connectors
 * report against their emulators: every common field pairs up by canonical name, and no mapping
 * writes into a read-only column.
 */
class DynamicsMappingTest {
  static HubSpotEmulator hubspot;
  static DynamicsEmulator dynamics;
  static Connector hs;
  static Connector dyn;

  @BeforeAll
  static void start() {
    hubspot = HubSpotEmulator.builder().port(0).build().start();
    dynamics =
        new DynamicsEmulator(new DynamicsEmulator.Options().port(0).seedData(0, 0, 0, 1)).start();
    Apps apps = new Apps();
    hs =
        apps.factory("hubspot")
            .create(
                new AccountConfig(
                    "hs", "hubspot", Map.of("url", hubspot.baseUrl(), "token", hubspot.token())),
                context());
    dyn =
        apps.factory("dynamics")
            .create(
                new AccountConfig(
                    "dyn",
                    "dynamics",
                    Map.of("url", dynamics.baseUrl(), "token", dynamics.token())),
                context());
  }

  @AfterAll
  static void stop() {
    hs.close();
    dyn.close();
    hubspot.stop();
    dynamics.stop();
  }

  static ConnectorContext context() {
    return new ConnectorContext(new CallMeter(), Clock.systemUTC(), Path.of("."));
  }

  /** Mapping key to "hubspot-field ↔ dynamics-field (direction)". */
  static Map<String, String> defaults(ObjectType type) {
    Map<String, String> out = new LinkedHashMap<>();
    for (FieldMapping m : MappingResolver.defaults(type, hs.schema(type), dyn.schema(type))) {
      out.put(m.key(), m.toString());
    }
    return out;
  }

  @Test
  void contactsMapByDefault() {
    assertThat(defaults(ObjectType.CONTACT))
        .containsEntry("email", "email ↔ emailaddress1 (both)")
        .containsEntry("firstName", "firstname ↔ firstname (both)")
        .containsEntry("lastName", "lastname ↔ lastname (both)")
        .containsEntry("phone", "phone ↔ telephone1 (both)")
        .containsEntry("mobilePhone", "mobilephone ↔ mobilephone (both)")
        .containsEntry("jobTitle", "jobtitle ↔ jobtitle (both)")
        .containsEntry("website", "website ↔ websiteurl (both)")
        .containsEntry("street", "address ↔ address1_line1 (both)")
        .containsEntry("city", "city ↔ address1_city (both)")
        .containsEntry("postalCode", "zip ↔ address1_postalcode (both)")
        .containsEntry("region", "state ↔ address1_stateorprovince (both)")
        .containsEntry("country", "country ↔ address1_country (both)")
        .containsEntry("companyRef", "associatedcompanyid ↔ parentcustomerid (both)")
        // Dynamics' fullname is computed from firstname and lastname: never a target.
        .doesNotContainKey("fullName");
  }

  @Test
  void companiesMapToAccountsByDefault() {
    assertThat(defaults(ObjectType.COMPANY))
        .containsEntry("name", "name ↔ name (both)")
        // An account's domain is derived from its website: read from Dynamics, never written.
        .containsEntry("domain", "domain ↔ domain (b-to-a)")
        .containsEntry("website", "website ↔ websiteurl (both)")
        .containsEntry("phone", "phone ↔ telephone1 (both)")
        .containsEntry("street", "address ↔ address1_line1 (both)")
        .containsEntry("city", "city ↔ address1_city (both)")
        .containsEntry("postalCode", "zip ↔ address1_postalcode (both)")
        .containsEntry("country", "country ↔ address1_country (both)")
        .containsEntry("description", "description ↔ description (both)");
  }

  @Test
  void dealsMapToOpportunitiesByDefault() {
    assertThat(defaults(ObjectType.DEAL))
        .containsEntry("name", "dealname ↔ name (both)")
        .containsEntry("amount", "amount ↔ estimatedvalue (both)")
        .containsEntry("closeDate", "closedate ↔ estimatedclosedate (both)")
        .containsEntry("stage", "dealstage ↔ salesstage (both)")
        .containsEntry("companyRef", "associations.company ↔ parentaccountid (both)")
        .containsEntry("contactRef", "associations.contact ↔ parentcontactid (both)");
  }

  @Test
  void stagesAgreeInCanonicalTerms() {
    FieldDef hsStage = hs.schema(ObjectType.DEAL).byCanonical("stage").orElseThrow();
    FieldDef dynStage = dyn.schema(ObjectType.DEAL).byCanonical("stage").orElseThrow();
    assertThat(hsStage.options())
        .containsExactlyInAnyOrderElementsOf(dynStage.options())
        .containsExactlyInAnyOrder("qualify", "develop", "propose", "closed-won", "closed-lost");
  }

  @Test
  void noDefaultMappingWritesIntoAReadOnlyField() {
    int readOnly = 0;
    for (ObjectType type : ObjectType.values()) {
      Schema a = hs.schema(type);
      Schema b = dyn.schema(type);
      readOnly += a.fields().stream().filter(FieldDef::readOnly).count();
      readOnly += b.fields().stream().filter(FieldDef::readOnly).count();
      for (FieldMapping m : MappingResolver.defaults(type, a, b)) {
        assertThat(m.direction()).isNotEqualTo(Direction.OFF);
        if (m.direction().flowsFrom(Side.A)) {
          m.b()
              .fields()
              .forEach(
                  f ->
                      assertThat(b.field(f).orElseThrow().readOnly())
                          .as(m + " writes " + f)
                          .isFalse());
        }
        if (m.direction().flowsFrom(Side.B)) {
          m.a()
              .fields()
              .forEach(
                  f ->
                      assertThat(a.field(f).orElseThrow().readOnly())
                          .as(m + " writes " + f)
                          .isFalse());
        }
      }
    }
    // The check covers something: fullname and domain at least are read-only.
    assertThat(readOnly).isGreaterThanOrEqualTo(2);
  }
}
