package dev.tandem.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.sync.ConflictPolicy;
import dev.tandem.core.sync.DeletePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;
  final ConfigLoader loader =
      new ConfigLoader(Map.of("SECRET", "s3cret")::get, Set.of("csv", "memory", "hubspot"));

  Path write(String yaml) throws IOException {
    Path p = dir.resolve("tandem.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  static final String MINIMAL =
      """
      apps:
        left:  {type: csv, path: ./left.csv}
        right: {type: csv, path: ./right.csv}
      connections:
        - name: people
          a: left
          b: right
          objects:
            contact: {match: email}
      """;

  @Test
  void theMinimalConfigLoadsWithDefaults() throws IOException {
    TandemConfig c = loader.load(write(MINIMAL));
    assertThat(c.apps()).containsKeys("left", "right");
    assertThat(c.apps().get("left").settings()).containsEntry("path", "./left.csv");
    assertThat(c.store().type()).isEqualTo("sqlite");
    assertThat(c.store().path()).isEqualTo(dir.resolve("data/tandem.db"));
    TandemConfig.Connection people = c.connections().get(0);
    assertThat(people.every()).isEqualTo(Duration.ofMinutes(5));
    assertThat(people.objects())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.type()).isEqualTo(ObjectType.CONTACT);
              assertThat(o.conflict()).isEqualTo(ConflictPolicy.NEWEST);
              assertThat(o.deletes()).isEqualTo(DeletePolicy.IGNORE);
            });
  }

  @Test
  void everythingOfTheDesignExampleLoads() throws IOException {
    TandemConfig c =
        loader.load(
            write(
                """
        store: {type: postgres, url: "jdbc:postgresql://db:5432/tandem", user: tandem, password: "${SECRET}"}
        apps:
          crm: {type: hubspot, token: "${SECRET}"}
          erp: {type: csv, path: erp.csv}
        connections:
          - name: crm-erp
            a: crm
            b: erp
            every: 30s
            objects:
              contact:
                match: email
                conflict: b-wins
                deletes: propagate
                delete-guard: 5%
                fields:
                  - {a: phone, b: telephone1, direction: a-to-b}
                  - {a: lifecyclestage, b: customertypecode, values: {customer: "3", lead: "1"}}
                rules:
                  - {direction: a-to-b, when: "lifecyclestage = customer", set: {description: "from HubSpot"}}
              company: {match: [domain, name]}
        """));
    assertThat(c.store().password()).isEqualTo("s3cret");
    assertThat(c.apps().get("crm").settings()).containsEntry("token", "s3cret");
    var contact = c.connections().get(0).objects().get(0);
    assertThat(contact.fields()).hasSize(2);
    assertThat(contact.fields().get(1).values()).containsEntry("customer", "3");
    assertThat(contact.rules())
        .singleElement()
        .satisfies(r -> assertThat(r.set()).containsEntry("description", "from HubSpot"));
    assertThat(contact.deleteGuard().maxPercent()).isEqualTo(5.0);
    assertThat(c.connections().get(0).objects().get(1).match()).containsExactly("domain", "name");
  }

  @Test
  void theServerSection() throws IOException {
    assertThat(loader.load(write(MINIMAL)).server()).isEqualTo(TandemConfig.Server.DEFAULT);
    Files.writeString(dir.resolve("tandem.p12"), "not checked here");
    TandemConfig c =
        loader.load(
            write(
                "server: {host: 127.0.0.1, port: 8443, keystore: ./tandem.p12,"
                    + " keystore-password: \"${SECRET}\"}\n"
                    + MINIMAL));
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(8443);
    assertThat(c.server().keystore()).isEqualTo(dir.resolve("tandem.p12"));
    assertThat(c.server().keystorePassword()).isEqualTo("s3cret");
    assertThat(c.server().toString()).doesNotContain("s3cret");

    fails("server:\n  port: 99999\n" + MINIMAL, 2, "server.port", "99999");
    fails("server:\n  keystore: ./nope.p12\n" + MINIMAL, 2, "server.keystore", "nope.p12");
    fails(
        "server:\n  keystore: ./tandem.p12\n" + MINIMAL,
        2,
        "server.keystore needs server.keystore-password");
    fails("server:\n  keystore-password: x\n" + MINIMAL, 2, "server.keystore is not");
    fails("server:\n  tls: yes\n" + MINIMAL, 2, "tls");
  }

  private void fails(String yaml, int line, String... words) throws IOException {
    Path p = write(yaml);
    assertThatThrownBy(() -> loader.load(p))
        .isInstanceOf(ConfigError.class)
        .satisfies(
            e -> {
              assertThat(((ConfigError) e).line()).as(e.getMessage()).isEqualTo(line);
              assertThat(e.getMessage()).startsWith(p + ":" + line + ": ").contains(words);
            });
  }

  @Test
  void anUnknownKeyNamesTheLine() throws IOException {
    fails(
        MINIMAL.replace("    b: right\n", "    b: right\n    colour: blue\n"),
        8,
        "unknown key 'colour'");
  }

  @Test
  void anUnknownAppTypeListsTheKnownOnes() throws IOException {
    fails(
        MINIMAL.replace("{type: csv, path: ./left.csv}", "{type: salesforce}"),
        2,
        "unknown type 'salesforce'",
        "csv, hubspot, memory");
  }

  @Test
  void aBadRuleExpressionSaysWhy() throws IOException {
    fails(
        MINIMAL.replace(
            "contact: {match: email}",
            "contact:\n          rules:\n            - {direction: a-to-b, when: \"lifecyclestage equals customer\"}"),
        11,
        "bad rule",
        "unknown operator 'equals'");
  }

  @Test
  void aConnectionToAnUnknownApp() throws IOException {
    fails(MINIMAL.replace("a: left", "a: lefty"), 6, "names app 'lefty'");
  }

  @Test
  void aMissingEnvironmentVariable() throws IOException {
    fails(MINIMAL.replace("./left.csv", "\"${NOPE}\""), 2, "environment variable NOPE is not set");
  }

  @Test
  void aDefaultForAMissingEnvironmentVariable() throws IOException {
    TandemConfig c = loader.load(write(MINIMAL.replace("./left.csv", "\"${NOPE:-fallback.csv}\"")));
    assertThat(c.apps().get("left").settings()).containsEntry("path", "fallback.csv");
  }

  @Test
  void badValues() throws IOException {
    fails(
        MINIMAL.replace("contact: {match: email}", "contact: {conflict: loudest}"),
        9,
        "unknown conflict policy 'loudest'");
    fails(
        MINIMAL.replace("contact: {match: email}", "widget: {}"),
        9,
        "unknown object type 'widget'");
    fails(
        MINIMAL.replace("    b: right\n", "    b: right\n    every: soon\n"),
        8,
        "every must be a duration");
  }

  @Test
  void brokenYaml() throws IOException {
    fails("apps: {left: [\n", 1, "not valid YAML");
  }

  @Test
  void aMissingFile() {
    assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml")))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("does not exist");
  }
}
