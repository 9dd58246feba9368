package dev.tandem.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One connection definition on its own, as the server's API receives it. */
class ConnectionDefinitionTest {
  final ConfigLoader loader =
      new ConfigLoader(Map.of("SECRET", "s3cret")::get, Set.of("csv", "memory", "hubspot"));

  @Test
  void jsonParsesLikeAConfigEntry() {
    TandemConfig.Connection c =
        loader.parseConnection(
            "definition",
            "{\"name\": \"p\", \"a\": \"crm\", \"b\": \"erp\", \"every\": \"1h\","
                + " \"objects\": {\"contact\": {\"rules\": [{\"direction\": \"a-to-b\","
                + " \"when\": \"lastName = Smith\"}]}}}",
            Set.of("crm", "erp"));
    assertThat(c.name()).isEqualTo("p");
    assertThat(c.every()).isEqualTo(Duration.ofHours(1));
    assertThat(c.objects().get(0).rules()).hasSize(1);
  }

  @Test
  void mistakesNameTheSourceLineAndField() {
    String text =
        """
        {
          "name": "p",
          "a": "crm",
          "b": "erp",
          "objects": {"contact": {"rules": [
            {"direction": "a-to-b", "when": "x = = y"}
          ]}}
        }
        """;
    assertThatThrownBy(() -> loader.parseConnection("definition", text, Set.of("crm", "erp")))
        .isInstanceOf(ConfigError.class)
        .hasMessageStartingWith("definition:6: bad rule 'x = = y'");
    assertThatThrownBy(() -> loader.parseConnection("definition", text, Set.of("crm")))
        .hasMessageContaining("'b' names app 'erp'");
    assertThatThrownBy(() -> loader.parseConnection("definition", "", Set.of("crm")))
        .hasMessageContaining("empty");
  }

  @Test
  void environmentVariablesAreNotSubstituted() {
    assertThatThrownBy(
            () ->
                loader.parseConnection(
                    "definition",
                    "{name: p, a: \"${SECRET}\", b: erp, objects: {contact: {}}}",
                    Set.of("crm", "erp")))
        .hasMessageContaining("names app '${SECRET}'")
        .hasMessageNotContaining("s3cret");
  }
}
