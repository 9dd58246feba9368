package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.app.Tandem;
import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.core.model.ObjectType;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark (not a test; run by {@code bench/hubspot/run.sh}): initial sync of 20,000 HubSpot
 * contacts with a memory app holding 20,000 contacts of which 10,000 share an email with HubSpot's,
 * then an incremental sync after 200 edits in HubSpot. Runs the real {@code tandem sync} command
 * against the HubSpot emulator over HTTP and reports wall time and the API calls HubSpot received,
 * against the theoretical minimum.
 *
 * <p>Arguments: {@code [contacts=20000] [edits=200] [rateLimit=190]}.
 */
public final class HubSpotBench {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int edits = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 190;
    int shared = n / 2;
    Path dir = Files.createTempDirectory("tandem-bench-hubspot");
    String memName = "bench-hubspot";
    try (HubSpotEmulator hs = HubSpotEmulator.builder().port(0).rateLimit(rate).build().start()) {
      // HubSpot: n contacts with email, names and phone, last modified a day ago.
      long dayAgo = System.currentTimeMillis() - 86_400_000L;
      List<String> ids = new ArrayList<>();
      for (int from = 0; from < n; from += 2000) {
        List<Map<String, String>> chunk = new ArrayList<>();
        for (int i = from; i < Math.min(n, from + 2000); i++) {
          chunk.add(
              Map.of(
                  "email", "hs" + i + "@example.com",
                  "firstname", "First" + i,
                  "lastname", "Last" + i,
                  "phone", "+1 555 " + (100_000 + i)));
        }
        ids.addAll(load(hs, chunk, dayAgo));
      }
      // Memory: half share HubSpot's emails and add a job title HubSpot lacks (HubSpot updates;
      // memory gets the phone), half are new (HubSpot creates; HubSpot's other half: memory
      // creates).
      MemoryApp mem = MemoryApp.named(memName);
      for (int i = 0; i < shared; i++) {
        mem.put(
            ObjectType.CONTACT,
            Map.of(
                "email", "hs" + i + "@example.com",
                "firstName", "First" + i,
                "lastName", "Last" + i,
                "jobTitle", "Engineer " + i));
      }
      for (int i = 0; i < n - shared; i++) {
        mem.put(
            ObjectType.CONTACT,
            Map.of(
                "email", "mem" + i + "@example.com",
                "firstName", "Mem" + i,
                "lastName", "Ber" + i));
      }
      Path cfg = dir.resolve("tandem.yaml");
      Files.writeString(
          cfg,
          """
          store: {type: sqlite, path: ./tandem.db}
          apps:
            crm: {type: hubspot, url: "%s", token: "%s", rate-limit: %d}
            mem: {type: memory, name: %s}
          connections:
            - name: bench
              a: crm
              b: mem
              objects:
                contact: {match: email}
          """
              .formatted(hs.baseUrl(), hs.token(), rate, memName));

      System.out.printf(
          "HubSpot %,d contacts; memory %,d contacts (%,d share HubSpot's emails); rate-limit %d/10 s%n%n",
          n, n, shared, rate);

      long creates = n - shared;
      long updates = shared;
      long minInitial = ceil(n, 100) + ceil(creates, 100) + ceil(updates, 100) + 1;
      Result initial = sync(hs, cfg);
      initial.print(
          "initial sync",
          minInitial,
          "1 properties + "
              + ceil(n, 100)
              + " list + "
              + ceil(creates, 100)
              + " batch/create + "
              + ceil(updates, 100)
              + " batch/update");

      // The first incremental sync re-reads what the initial sync wrote (its cursor is the
      // initial run's start); shown separately from the 200-edit run.
      Result echo = sync(hs, cfg);
      echo.print(
          "incremental right after the initial sync (no edits)",
          3,
          "1 properties + 1 search + 1 archived listing");

      // 200 edits through HubSpot's API (batch/update, counted apart from the sync).
      for (int from = 0; from < edits; from += 100) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = from; i < Math.min(edits, from + 100); i++) {
          inputs.add(
              Map.of("id", ids.get(i * 37 % n), "properties", Map.of("lastname", "Edited" + i)));
        }
        HttpResponse<String> r = api(hs, "/crm/v3/objects/contacts/batch/update", inputs);
        if (r.statusCode() != 200) {
          throw new IllegalStateException("edit failed: " + r.statusCode() + " " + r.body());
        }
      }
      Result incremental = sync(hs, cfg);
      incremental.print(
          "incremental after " + edits + " edits in HubSpot",
          1 + ceil(edits, 200) + 1,
          "1 properties + "
              + ceil(edits, 200)
              + " search + 1 archived listing; the "
              + edits
              + " updates go to memory");
      long editedInMemory =
          mem.all(ObjectType.CONTACT).stream()
              .filter(r -> String.valueOf(r.fields().get("lastName")).startsWith("Edited"))
              .count();
      System.out.printf("memory contacts carrying an edit: %d of %d%n", editedInMemory, edits);
      System.out.printf(
          "memory contacts: %,d; HubSpot contacts: %,d%n",
          mem.size(ObjectType.CONTACT), hubspotTotal(hs));
    } finally {
      MemoryApp.forget(memName);
    }
  }

  static long ceil(long a, long b) {
    return (a + b - 1) / b;
  }

  record Result(long wallMs, JsonNode report, Map<String, Long> hubspotCalls) {
    long total() {
      return hubspotCalls.values().stream().mapToLong(Long::longValue).sum();
    }

    void print(String title, long minimum, String minimumMeans) {
      JsonNode c = report.path("objects").path("contact");
      System.out.printf("## %s%n", title);
      System.out.printf(
          "status %s, wall time %.1f s (engine: %.1f s)%n",
          report.path("status").asText(),
          wallMs / 1000.0,
          report.path("durationMs").asLong() / 1000.0);
      System.out.printf(
          "created hubspot %d / memory %d; updated hubspot %d / memory %d; linked %d; failed %d%n",
          c.path("created").path("a").asLong(),
          c.path("created").path("b").asLong(),
          c.path("updated").path("a").asLong(),
          c.path("updated").path("b").asLong(),
          c.path("linked").asLong(),
          c.path("failed").asLong());
      System.out.printf("HubSpot API calls (emulator /_emulator/stats): %d%n", total());
      hubspotCalls.forEach((k, v) -> System.out.printf("    %-50s %d%n", k, v));
      System.out.printf(
          "HubSpot API calls (Tandem's report): %d %s%n",
          report.path("apiCalls").path("a").asLong(), report.path("apiCallsByEndpoint").path("a"));
      System.out.printf(
          "minimum %d (%s); ratio %.3f%n%n", minimum, minimumMeans, total() / (double) minimum);
    }
  }

  static Result sync(HubSpotEmulator hs, Path cfg) throws Exception {
    Map<String, Long> before = calls(hs);
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int exit;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      exit = Tandem.run("sync", "--config", cfg.toString(), "--json");
    } finally {
      System.setOut(out);
    }
    long wall = (System.nanoTime() - t0) / 1_000_000;
    if (exit != 0) {
      throw new IllegalStateException("tandem sync exited " + exit + ": " + bytes);
    }
    Map<String, Long> after = calls(hs);
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d > 0) {
            delta.put(k, d);
          }
        });
    JsonNode report = JSON.readTree(bytes.toString(StandardCharsets.UTF_8));
    return new Result(wall, report.path("connections").path(0), delta);
  }

  static Map<String, Long> calls(HubSpotEmulator hs) {
    Map<String, Long> out = new LinkedHashMap<>();
    ((Map<?, ?>) hs.stats().get("byEndpoint"))
        .forEach((k, v) -> out.put(k.toString(), ((Number) v).longValue()));
    return out;
  }

  static List<String> load(HubSpotEmulator hs, List<Map<String, String>> records, long at)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(hs.baseUrl() + "/_emulator/records/contacts"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("records", records, "modifiedAt", at))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("loading records failed: " + r.body());
    }
    List<String> ids = new ArrayList<>();
    JSON.readTree(r.body()).path("ids").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  static HttpResponse<String> api(HubSpotEmulator hs, String path, Object inputs) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(hs.baseUrl() + path))
            .header("Authorization", "Bearer " + hs.token())
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(Map.of("inputs", inputs))))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Counted as API calls too, so only after the measured runs. */
  static long hubspotTotal(HubSpotEmulator hs) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(hs.baseUrl() + "/crm/v3/objects/contacts/search"))
                .header("Authorization", "Bearer " + hs.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"limit\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("total").asLong();
  }
}
