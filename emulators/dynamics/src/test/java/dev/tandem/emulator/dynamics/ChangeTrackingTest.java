package dev.tandem.emulator.dynamics;

import static dev.tandem.emulator.dynamics.Http.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChangeTrackingTest {
  DynamicsEmulator emu;
  Http http;
  String base;

  @BeforeEach
  void start() {
    emu = new DynamicsEmulator(new DynamicsEmulator.Options().seedData(2, 7, 0, 3)).start();
    http = new Http(emu.token());
    base = emu.baseUrl();
  }

  @AfterEach
  void stop() {
    emu.stop();
  }

  /** Follows nextLinks; returns every row and the final delta link. */
  private String readAll(String url, String prefer, List<JsonNode> rows) {
    while (true) {
      Http.Response r = http.get(url, "Prefer", prefer);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode body = r.json();
      body.get("value").forEach(rows::add);
      if (body.has("@odata.nextLink")) {
        url = body.get("@odata.nextLink").asText();
      } else {
        return body.get("@odata.deltaLink").asText();
      }
    }
  }

  @Test
  void trackChangesGivesADeltaLinkThenChangedAndDeletedRows() {
    List<JsonNode> initial = new ArrayList<>();
    Http.Response first =
        http.get(base + "/contacts?$select=firstname,lastname", "Prefer", "odata.track-changes");
    assertThat(first.header("Preference-Applied")).contains("odata.track-changes");
    String delta =
        readAll(
            base + "/contacts?$select=firstname,lastname",
            "odata.track-changes,odata.maxpagesize=3",
            initial);
    assertThat(initial).hasSize(7);
    assertThat(delta).startsWith(base + "/contacts?$select=firstname%2Clastname&$deltatoken=");

    String victim = initial.get(0).get("contactid").asText();
    String edited = initial.get(1).get("contactid").asText();
    http.send("DELETE", base + "/contacts(" + victim + ")", null);
    http.send(
        "PATCH", base + "/contacts(" + edited + ")", "{\"firstname\":\"Edited\"}", "If-Match", "*");
    String created =
        http.send(
                "POST",
                base + "/contacts",
                "{\"lastname\":\"New\"}",
                "Prefer",
                "return=representation")
            .json()
            .get("contactid")
            .asText();

    Http.Response d = http.get(delta);
    assertThat(d.status()).isEqualTo(200);
    JsonNode body = d.json();
    assertThat(body.get("@odata.context").asText())
        .isEqualTo(base + "/$metadata#contacts(firstname,lastname)/$delta");
    JsonNode value = body.get("value");
    assertThat(value).hasSize(3);
    assertThat(value.get(0).get("contactid").asText()).isEqualTo(edited);
    assertThat(value.get(0).get("firstname").asText()).isEqualTo("Edited");
    assertThat(value.get(1).get("contactid").asText()).isEqualTo(created);
    JsonNode deleted = value.get(2);
    assertThat(deleted.get("@odata.context").asText())
        .isEqualTo(base + "/$metadata#contacts/$deletedEntity");
    assertThat(deleted.get("id").asText()).isEqualTo(victim);
    assertThat(deleted.get("reason").asText()).isEqualTo("deleted");

    String next = body.get("@odata.deltaLink").asText();
    JsonNode quiet = http.get(next).json();
    assertThat(quiet.get("value")).isEmpty();
    assertThat(quiet.get("@odata.deltaLink").asText()).contains("$deltatoken=");
  }

  @Test
  void deltaPagesWhenManyRowsChanged() {
    String delta =
        readAll(base + "/contacts?$select=lastname", "odata.track-changes", new ArrayList<>());
    for (int i = 0; i < 12; i++) {
      http.send("POST", base + "/contacts", "{\"lastname\":\"N" + i + "\"}");
    }
    List<JsonNode> rows = new ArrayList<>();
    readAll(delta, "odata.maxpagesize=5", rows);
    Set<String> ids = new HashSet<>();
    rows.forEach(r -> ids.add(r.get("contactid").asText()));
    assertThat(ids).hasSize(12);
  }

  @Test
  void changeTrackingRejectsFilterOrderbyExpandAndTop() {
    for (String option :
        List.of("$filter=" + q("lastname eq 'x'"), "$orderby=lastname", "$top=2", "$expand=x")) {
      Http.Response r = http.get(base + "/contacts?" + option, "Prefer", "odata.track-changes");
      assertThat(r.status()).isEqualTo(400);
      String name = option.substring(0, option.indexOf('='));
      assertThat(r.json().at("/error/message").asText())
          .isEqualTo(
              "The \""
                  + name
                  + "\" query parameter isn't supported when Change Tracking is enabled.");
    }
    String delta = readAll(base + "/contacts", "odata.track-changes", new ArrayList<>());
    Http.Response withFilter = http.get(delta + "&$filter=" + q("lastname eq 'x'"));
    assertThat(withFilter.status()).isEqualTo(400);
  }

  @Test
  void anExpiredOrUnknownDeltaTokenAsksForAFullSync() {
    String delta = readAll(base + "/contacts", "odata.track-changes", new ArrayList<>());
    emu.expireDeltaTokens();
    Http.Response r = http.get(delta);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("0x80044352");
    assertThat(r.json().at("/error/message").asText()).contains("Please perform a full sync");

    Http.Response unknown =
        http.get(base + "/contacts?$deltatoken=" + q("123!01/01/2020 00:00:00"));
    assertThat(unknown.json().at("/error/code").asText()).isEqualTo("0x80044352");
  }

  @Test
  void deltaTokensExpireAfterTheirLifetime() throws Exception {
    emu.stop();
    emu =
        new DynamicsEmulator(
                new DynamicsEmulator.Options().deltaTokenLifetime(java.time.Duration.ofMillis(300)))
            .start();
    base = emu.baseUrl();
    String delta = readAll(base + "/contacts", "odata.track-changes", new ArrayList<>());
    assertThat(http.get(delta).status()).isEqualTo(200);
    Thread.sleep(400);
    assertThat(http.get(delta).status()).isEqualTo(400);
  }
}
