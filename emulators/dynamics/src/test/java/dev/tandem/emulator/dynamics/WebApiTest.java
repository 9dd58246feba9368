package dev.tandem.emulator.dynamics;

import static dev.tandem.emulator.dynamics.Http.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebApiTest {
  DynamicsEmulator emu;
  Http http;
  String base;

  @BeforeEach
  void start() {
    emu = new DynamicsEmulator(new DynamicsEmulator.Options().seedData(3, 12, 4, 7)).start();
    http = new Http(emu.token());
    base = emu.baseUrl();
  }

  @AfterEach
  void stop() {
    emu.stop();
  }

  @Test
  void createAnswers204WithODataEntityIdAndRepresentationWhenAsked() {
    Http.Response r =
        http.send("POST", base + "/contacts", "{\"firstname\":\"Ada\",\"lastname\":\"Lovelace\"}");
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("OData-EntityId"))
        .matches(base.replace(".", "\\.") + "/contacts\\([0-9a-f-]{36}\\)");
    assertThat(r.header("OData-Version")).isEqualTo("4.0");

    Http.Response rep =
        http.send(
            "POST",
            base + "/contacts?$select=fullname",
            "{\"firstname\":\"Grace\",\"lastname\":\"Hopper\"}",
            "Prefer",
            "return=representation");
    assertThat(rep.status()).isEqualTo(201);
    assertThat(rep.header("Preference-Applied")).isEqualTo("return=representation");
    JsonNode body = rep.json();
    assertThat(body.get("fullname").asText()).isEqualTo("Grace Hopper");
    assertThat(body.get("@odata.etag").asText()).matches("W/\"\\d+\"");
    assertThat(body.get("@odata.context").asText())
        .endsWith("$metadata#contacts(fullname)/$entity");
  }

  @Test
  void pagesWithMaxPageSizeAndNextLinkUntilEveryRowIsSeenOnce() {
    Set<String> seen = new HashSet<>();
    String url = base + "/contacts?$select=fullname,emailaddress1";
    int pages = 0;
    while (url != null) {
      Http.Response r = http.get(url, "Prefer", "odata.maxpagesize=5");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Preference-Applied")).isEqualTo("odata.maxpagesize=5");
      JsonNode body = r.json();
      assertThat(body.get("@odata.context").asText())
          .isEqualTo(base + "/$metadata#contacts(fullname,emailaddress1)");
      for (JsonNode row : body.get("value")) {
        assertThat(seen.add(row.get("contactid").asText())).isTrue();
        assertThat(row.has("firstname")).isFalse();
      }
      url = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
      if (url != null) {
        assertThat(url).contains("$skiptoken=");
      }
      pages++;
    }
    assertThat(seen).hasSize(12);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void filtersOnModifiedOnAndStringsCaseInsensitivelyAndOrdersAndTops() {
    Http.Response created =
        http.send(
            "POST",
            base + "/contacts",
            "{\"firstname\":\"Zed\",\"lastname\":\"Quux\",\"emailaddress1\":\"Zed@Example.org\"}",
            "Prefer",
            "return=representation");
    String modified = created.json().get("modifiedon").asText();
    JsonNode byEmail =
        http.get(base + "/contacts?$filter=" + q("emailaddress1 eq 'zed@example.org'")).json();
    assertThat(byEmail.get("value")).hasSize(1);

    JsonNode since =
        http.get(base + "/contacts?$select=lastname&$filter=" + q("modifiedon ge " + modified))
            .json();
    assertThat(since.get("value")).isNotEmpty();
    JsonNode after =
        http.get(base + "/contacts?$filter=" + q("modifiedon gt 2999-01-01T00:00:00Z")).json();
    assertThat(after.get("value")).isEmpty();

    JsonNode in =
        http.get(
                base
                    + "/contacts?$filter="
                    + q(
                        "Microsoft.Dynamics.CRM.In(PropertyName='emailaddress1',PropertyValues=[\"ZED@example.org\",\"nobody@x\"]) or lastname eq 'Nope'"))
            .json();
    assertThat(in.get("value")).hasSize(1);

    JsonNode ordered =
        http.get(base + "/contacts?$select=lastname&$orderby=" + q("lastname desc") + "&$top=3")
            .json();
    assertThat(ordered.get("value")).hasSize(3);
    String first = ordered.get("value").get(0).get("lastname").asText();
    String second = ordered.get("value").get(1).get("lastname").asText();
    assertThat(first.compareToIgnoreCase(second)).isGreaterThanOrEqualTo(0);

    Http.Response bad = http.get(base + "/contacts?$filter=" + q("nosuch eq 'x'"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/message").asText()).contains("nosuch");
  }

  @Test
  void patchIsAnUpsertConstrainedByIfMatchAndIfNoneMatch() {
    String id = "11111111-2222-4333-8444-555555555555";
    // If-Match: * prevents a create.
    Http.Response noCreate =
        http.send(
            "PATCH", base + "/contacts(" + id + ")", "{\"firstname\":\"A\"}", "If-Match", "*");
    assertThat(noCreate.status()).isEqualTo(404);
    assertThat(noCreate.json().at("/error/message").asText())
        .isEqualTo("contact With Id = " + id + " Does Not Exist");

    // No header: creates with the given id.
    Http.Response upsert =
        http.send("PATCH", base + "/contacts(" + id + ")", "{\"firstname\":\"A\"}");
    assertThat(upsert.status()).isEqualTo(204);
    assertThat(upsert.header("OData-EntityId")).endsWith("/contacts(" + id + ")");

    // If-None-Match: * prevents an update.
    Http.Response noUpdate =
        http.send(
            "PATCH", base + "/contacts(" + id + ")", "{\"firstname\":\"B\"}", "If-None-Match", "*");
    assertThat(noUpdate.status()).isEqualTo(412);
    assertThat(noUpdate.json().at("/error/message").asText())
        .isEqualTo("A record with matching key values already exists.");

    String etag = http.get(base + "/contacts(" + id + ")").json().get("@odata.etag").asText();
    Http.Response ok =
        http.send(
            "PATCH", base + "/contacts(" + id + ")", "{\"lastname\":\"C\"}", "If-Match", etag);
    assertThat(ok.status()).isEqualTo(204);
    Http.Response stale =
        http.send(
            "PATCH", base + "/contacts(" + id + ")", "{\"lastname\":\"D\"}", "If-Match", etag);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().at("/error/code").asText()).isEqualTo("0x80060882");
    Http.Response staleDelete =
        http.send("DELETE", base + "/contacts(" + id + ")", null, "If-Match", etag);
    assertThat(staleDelete.status()).isEqualTo(412);

    JsonNode row = http.get(base + "/contacts(" + id + ")").json();
    assertThat(row.get("fullname").asText()).isEqualTo("A C");
    assertThat(http.send("DELETE", base + "/contacts(" + id + ")", null).status()).isEqualTo(204);
    assertThat(http.send("DELETE", base + "/contacts(" + id + ")", null).status()).isEqualTo(404);
    assertThat(http.get(base + "/contacts(" + id + ")").status()).isEqualTo(404);
  }

  @Test
  void lookupsAreBoundWithODataBindAndReadAsValueWithAnnotations() {
    String account =
        http.send(
                "POST",
                base + "/accounts",
                "{\"name\":\"Contoso\",\"websiteurl\":\"https://contoso.com\"}",
                "Prefer",
                "return=representation")
            .json()
            .get("accountid")
            .asText();
    Http.Response c =
        http.send(
            "POST",
            base + "/contacts?$select=_parentcustomerid_value",
            "{\"lastname\":\"X\",\"parentcustomerid_account@odata.bind\":\"/accounts("
                + account
                + ")\"}",
            "Prefer",
            "return=representation,odata.include-annotations=\"*\"");
    JsonNode row = c.json();
    assertThat(row.get("_parentcustomerid_value").asText()).isEqualTo(account);
    assertThat(row.get("_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname").asText())
        .isEqualTo("account");
    String id = row.get("contactid").asText();

    Http.Response cleared =
        http.send(
            "PATCH",
            base + "/contacts(" + id + ")",
            "{\"parentcustomerid_account@odata.bind\":null}",
            "If-Match",
            "*");
    assertThat(cleared.status()).isEqualTo(204);
    assertThat(
            http.get(base + "/contacts(" + id + ")").json().get("_parentcustomerid_value").isNull())
        .isTrue();

    Http.Response badTarget =
        http.send(
            "PATCH",
            base + "/contacts(" + id + ")",
            "{\"parentcustomerid_account@odata.bind\":\"/accounts(00000000-0000-0000-0000-000000000009)\"}");
    assertThat(badTarget.status()).isEqualTo(404);
    Http.Response readOnly =
        http.send(
            "PATCH",
            base + "/contacts(" + id + ")",
            "{\"_parentcustomerid_value\":\"" + account + "\"}");
    assertThat(readOnly.status()).isEqualTo(400);
  }

  @Test
  void validatesLengthsAndChoicesWithDataverseErrors() {
    Http.Response tooLong =
        http.send("POST", base + "/contacts", "{\"firstname\":\"" + "x".repeat(51) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().at("/error/code").asText()).isEqualTo("0x80044331");
    assertThat(tooLong.json().at("/error/message").asText()).contains("'firstname'", "'50'");

    Http.Response badChoice =
        http.send("POST", base + "/opportunities", "{\"name\":\"x\",\"salesstage\":9}");
    assertThat(badChoice.status()).isEqualTo(400);
    assertThat(badChoice.json().at("/error/message").asText()).contains("salesstage", "0,1,2,3");

    Http.Response unknown = http.send("POST", base + "/contacts", "{\"shoesize\":\"9\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().at("/error/message").asText()).contains("shoesize");
  }

  @Test
  void refusesRequestsWithoutAValidBearerToken() {
    Http.Response r = new Http(null).get(base + "/contacts");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer authorization_uri=");
    assertThat(new Http("nope").get(base + "/contacts").status()).isEqualTo(401);
  }

  @Test
  void countsRequestsByPathTemplate() {
    http.get(base + "/contacts");
    http.get(base + "/contacts");
    String any = http.get(base + "/contacts").json().at("/value/0/contactid").asText();
    http.get(base + "/contacts(" + any + ")");
    JsonNode stats =
        new Http(null).get(emu.baseUrl().replace("/api/data/v9.2", "") + "/_emulator/stats").json();
    assertThat(stats.get("requests").asLong()).isEqualTo(4);
    assertThat(stats.at("/byEndpoint/GET ~1api~1data~1v9.2~1contacts").asLong()).isEqualTo(3);
    assertThat(stats.at("/byEndpoint/GET ~1api~1data~1v9.2~1contacts(id)").asLong()).isEqualTo(1);
  }

  @Test
  void conditionalGetAnswers304WhenTheEtagStillMatches() {
    String id = http.get(base + "/contacts").json().at("/value/0/contactid").asText();
    String etag = http.get(base + "/contacts(" + id + ")").json().get("@odata.etag").asText();
    assertThat(http.get(base + "/contacts(" + id + ")", "If-None-Match", etag).status())
        .isEqualTo(304);
    http.send("PATCH", base + "/contacts(" + id + ")", "{\"jobtitle\":\"CTO\"}", "If-Match", "*");
    assertThat(http.get(base + "/contacts(" + id + ")", "If-None-Match", etag).status())
        .isEqualTo(200);
  }

  @Test
  void servesTwentyThousandContactsInFourPages() {
    emu.stop();
    emu =
        new DynamicsEmulator(new DynamicsEmulator.Options().seedData(2000, 20_000, 0, 11)).start();
    http = new Http(emu.token());
    String url = emu.baseUrl() + "/contacts?$select=emailaddress1";
    Set<String> ids = new HashSet<>();
    int pages = 0;
    long started = System.nanoTime();
    while (url != null) {
      JsonNode body = http.get(url, "Prefer", "odata.track-changes").json();
      body.get("value").forEach(r -> ids.add(r.get("contactid").asText()));
      url = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
      pages++;
    }
    assertThat(ids).hasSize(20_000);
    assertThat(pages).isEqualTo(4);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void linksPointWhereTheClientCalled() {
    String viaLocalhost = base.replace("127.0.0.1", "localhost");
    JsonNode body = http.get(viaLocalhost + "/contacts", "Prefer", "odata.maxpagesize=5").json();
    assertThat(body.get("@odata.nextLink").asText()).startsWith(viaLocalhost + "/contacts?");
    assertThat(body.get("@odata.context").asText()).startsWith(viaLocalhost + "/$metadata#");
  }
}
