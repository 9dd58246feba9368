package dev.tandem.emulator.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceProtectionTest {
  DynamicsEmulator emu;

  @AfterEach
  void stop() {
    emu.stop();
  }

  @Test
  void answers429WithRetryAfterPastTheRequestLimit() {
    emu =
        new DynamicsEmulator(new DynamicsEmulator.Options().limits(5, Duration.ofSeconds(300), 52))
            .start();
    Http http = new Http(emu.token());
    for (int i = 0; i < 5; i++) {
      assertThat(http.get(emu.baseUrl() + "/contacts").status()).isEqualTo(200);
    }
    Http.Response r = http.get(emu.baseUrl() + "/contacts");
    assertThat(r.status()).isEqualTo(429);
    long retryAfter = Long.parseLong(r.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 300L);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("0x80072322");
    assertThat(r.json().at("/error/message").asText())
        .isEqualTo("Number of requests exceeded the limit of 5 over time window of 300 seconds.");
  }

  @Test
  void answers429PastTheConcurrentLimit() {
    emu =
        new DynamicsEmulator(
                new DynamicsEmulator.Options().limits(6000, Duration.ofSeconds(300), 2))
            .start();
    Http control = new Http(null);
    String root = emu.baseUrl().replace("/api/data/v9.2", "");
    control.send("POST", root + "/_emulator/faults", "{\"latencyMs\":400}");
    Http http = new Http(emu.token());
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> http.get(emu.baseUrl() + "/contacts"), pool));
    }
    List<Http.Response> responses = calls.stream().map(CompletableFuture::join).toList();
    pool.shutdown();
    List<Http.Response> refused = responses.stream().filter(r -> r.status() == 429).toList();
    assertThat(refused).isNotEmpty();
    assertThat(responses.stream().filter(r -> r.status() == 200)).isNotEmpty();
    assertThat(refused.get(0).json().at("/error/code").asText()).isEqualTo("0x80072326");
    assertThat(refused.get(0).json().at("/error/message").asText())
        .isEqualTo("Number of concurrent requests exceeded the limit of 2.");
    assertThat(refused.get(0).header("Retry-After")).isNotNull();
  }

  @Test
  void forcedFaultsGive429sAndServerErrors() {
    emu = new DynamicsEmulator(new DynamicsEmulator.Options()).start();
    Http http = new Http(emu.token());
    emu.force429(2, 3);
    assertThat(http.get(emu.baseUrl() + "/contacts").header("Retry-After")).isEqualTo("3");
    assertThat(http.get(emu.baseUrl() + "/contacts").status()).isEqualTo(429);
    assertThat(http.get(emu.baseUrl() + "/contacts").status()).isEqualTo(200);
    String root = emu.baseUrl().replace("/api/data/v9.2", "");
    new Http(null).send("POST", root + "/_emulator/faults", "{\"errorRate\":1.0}");
    assertThat(http.get(emu.baseUrl() + "/contacts").status()).isEqualTo(503);
    new Http(null).send("POST", root + "/_emulator/reset?empty=true", null);
    assertThat(http.get(emu.baseUrl() + "/contacts").status()).isEqualTo(200);
  }

  @Test
  void answers429PastTheCombinedExecutionTime() {
    emu =
        new DynamicsEmulator(
                new DynamicsEmulator.Options().executionTimeLimit(Duration.ofMillis(500)))
            .start();
    String root = emu.baseUrl().replace("/api/data/v9.2", "");
    new Http(null).send("POST", root + "/_emulator/faults", "{\"latencyMs\":300}");
    Http http = new Http(emu.token());
    Http.Response first = http.get(emu.baseUrl() + "/contacts");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("x-ms-ratelimit-burst-remaining-xrm-requests")).isEqualTo("5999");
    assertThat(http.get(emu.baseUrl() + "/contacts").status()).isEqualTo(200);
    Http.Response refused = http.get(emu.baseUrl() + "/contacts");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().at("/error/code").asText()).isEqualTo("0x80072321");
    assertThat(refused.json().at("/error/message").asText())
        .startsWith(
            "Combined execution time of incoming requests exceeded limit of 500 milliseconds");
    assertThat(refused.header("Retry-After")).isNotNull();
  }
}
