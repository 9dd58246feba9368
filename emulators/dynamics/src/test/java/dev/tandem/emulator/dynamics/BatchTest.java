package dev.tandem.emulator.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchTest {
  DynamicsEmulator emu;
  Http http;
  String base;

  @BeforeEach
  void start() {
    emu = new DynamicsEmulator(new DynamicsEmulator.Options()).start();
    http = new Http(emu.token());
    base = emu.baseUrl();
  }

  @AfterEach
  void stop() {
    emu.stop();
  }

  static String request(String boundary, String contentId, String method, String url, String body) {
    StringBuilder sb = new StringBuilder();
    sb.append("--").append(boundary).append("\r\n");
    sb.append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
    if (contentId != null) {
      sb.append("Content-ID: ").append(contentId).append("\r\n");
    }
    sb.append("\r\n").append(method).append(' ').append(url).append(" HTTP/1.1\r\n");
    if (body != null) {
      sb.append("Content-Type: application/json; type=entry\r\n\r\n").append(body).append("\r\n");
    } else {
      sb.append("\r\n");
    }
    return sb.toString();
  }

  static String changeSet(String batch, String cs, String... requests) {
    return "--"
        + batch
        + "\r\nContent-Type: multipart/mixed; boundary=\""
        + cs
        + "\"\r\n\r\n"
        + String.join("", requests)
        + "--"
        + cs
        + "--\r\n";
  }

  Http.Response post(String body, String... headers) {
    String[] h = new String[headers.length + 2];
    h[0] = "Content-Type";
    h[1] = "multipart/mixed; boundary=\"batch_AAA\"";
    System.arraycopy(headers, 0, h, 2, headers.length);
    return http.send("POST", base + "/$batch", body, h);
  }

  long count(String set) {
    return http.get(base + "/" + set).json().get("value").size();
  }

  @Test
  void aChangeSetCommitsAndReferencesEarlierContentIds() {
    String body =
        changeSet(
                "batch_AAA",
                "changeset_1",
                request(
                    "changeset_1",
                    "1",
                    "POST",
                    "/api/data/v9.2/accounts",
                    "{\"name\":\"Contoso\"}"),
                request(
                    "changeset_1",
                    "2",
                    "POST",
                    base + "/contacts",
                    "{\"lastname\":\"Ref\",\"parentcustomerid_account@odata.bind\":\"$1\"}"),
                request("changeset_1", "3", "PATCH", "$2", "{\"firstname\":\"Via\"}"))
            + request(
                "batch_AAA",
                null,
                "GET",
                "/api/data/v9.2/contacts?$select=fullname,_parentcustomerid_value",
                null)
            + "--batch_AAA--\r\n";
    Http.Response r = post(body);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("multipart/mixed; boundary=batchresponse_");
    assertThat(r.body()).contains("boundary=changesetresponse_");
    assertThat(r.body()).contains("Content-ID: 1").contains("Content-ID: 3");
    assertThat(r.body().split("HTTP/1.1 204 No Content", -1)).hasSize(4);
    assertThat(r.body()).contains("HTTP/1.1 200 OK").contains("\"fullname\":\"Via Ref\"");
    String account = http.get(base + "/accounts").json().at("/value/0/accountid").asText();
    assertThat(http.get(base + "/contacts").json().at("/value/0/_parentcustomerid_value").asText())
        .isEqualTo(account);
  }

  @Test
  void aFailingRequestRollsBackItsWholeChangeSet() {
    String body =
        changeSet(
                "batch_AAA",
                "changeset_1",
                request(
                    "changeset_1", "1", "POST", "/api/data/v9.2/accounts", "{\"name\":\"Kept?\"}"),
                request(
                    "changeset_1", "2", "POST", "/api/data/v9.2/contacts", "{\"lastname\":\"ok\"}"),
                request(
                    "changeset_1",
                    "3",
                    "POST",
                    "/api/data/v9.2/contacts",
                    "{\"firstname\":\"" + "x".repeat(60) + "\"}"))
            + "--batch_AAA--\r\n";
    Http.Response r = post(body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("HTTP/1.1 400 Bad Request").contains("0x80044331");
    assertThat(r.body()).doesNotContain("204 No Content");
    assertThat(count("accounts")).isZero();
    assertThat(count("contacts")).isZero();
    // Change tracking does not see the rolled-back rows either.
    JsonNode tracked = http.get(base + "/contacts", "Prefer", "odata.track-changes").json();
    assertThat(tracked.get("value")).isEmpty();
  }

  @Test
  void continueOnErrorRunsEveryRequestAndStopsOtherwise() {
    String body =
        request(
                "batch_AAA",
                null,
                "POST",
                "/api/data/v9.2/contacts",
                "{\"firstname\":\"" + "x".repeat(60) + "\"}")
            + request(
                "batch_AAA", null, "POST", "/api/data/v9.2/contacts", "{\"lastname\":\"two\"}")
            + request(
                "batch_AAA",
                null,
                "DELETE",
                "/api/data/v9.2/contacts(00000000-0000-0000-0000-000000000001)",
                null)
            + "--batch_AAA--\r\n";
    Http.Response stopped = post(body);
    assertThat(stopped.status()).isEqualTo(400);
    assertThat(count("contacts")).isZero();

    Http.Response all = post(body, "Prefer", "odata.continue-on-error");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body())
        .contains("HTTP/1.1 400 Bad Request", "HTTP/1.1 204 No Content", "HTTP/1.1 404 Not Found");
    assertThat(count("contacts")).isEqualTo(1);
  }

  @Test
  void refusesMoreThanAThousandRequests() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      body.append(
          request(
              "batch_AAA",
              null,
              "POST",
              "/api/data/v9.2/contacts",
              "{\"lastname\":\"n" + i + "\"}"));
    }
    body.append("--batch_AAA--\r\n");
    Http.Response r = post(body.toString());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().at("/error/message").asText()).contains("1001", "1000");
    assertThat(count("contacts")).isZero();
  }

  @Test
  void aThousandRequestsAreFineAndEachIsCounted() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      body.append(
          request(
              "batch_AAA",
              null,
              "POST",
              "/api/data/v9.2/contacts",
              "{\"lastname\":\"n" + i + "\"}"));
    }
    body.append("--batch_AAA--\r\n");
    assertThat(post(body.toString()).status()).isEqualTo(200);
    assertThat(emu.requestCount("POST", "/api/data/v9.2/$batch")).isEqualTo(1);
    assertThat(emu.requestCount("POST", "/api/data/v9.2/contacts")).isEqualTo(1000);
    assertThat(http.get(base + "/contacts", "Prefer", "odata.maxpagesize=5000").json().get("value"))
        .hasSize(1000);
  }

  @Test
  void getInsideAChangeSetIsRefused() {
    String body =
        changeSet("batch_AAA", "cs", request("cs", "1", "GET", "/api/data/v9.2/contacts", null))
            + "--batch_AAA--\r\n";
    assertThat(post(body).status()).isEqualTo(400);
  }
}
