package dev.tandem.server;

import dev.tandem.core.model.Side;
import dev.tandem.engine.RunReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * Tandem's Prometheus metrics, served at {@code /metrics}:
 *
 * <ul>
 *   <li>{@code tandem_runs_total{connection, kind, status}}: runs finished
 *   <li>{@code tandem_records_synced_total{connection}}: records created, updated or deleted
 *   <li>{@code tandem_api_calls_total{app, connection}}: calls to the apps' APIs, by app type
 *   <li>{@code tandem_errors_total{kind}}: failed runs ({@code run}), server errors ({@code http}),
 *       refused webhooks ({@code webhook})
 *   <li>{@code tandem_webhook_latency_seconds}: how long webhook deliveries took to handle
 * </ul>
 *
 * Thread-safe; the sync service and the webhook endpoint record into it.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer webhookLatency =
      Timer.builder("tandem.webhook.latency")
          .description("How long webhook deliveries took to handle")
          // A few buckets around the 1 s target, instead of Micrometer's seventy.
          .serviceLevelObjectives(
              Duration.ofMillis(50),
              Duration.ofMillis(100),
              Duration.ofMillis(300),
              Duration.ofMillis(500),
              Duration.ofSeconds(1),
              Duration.ofSeconds(2),
              Duration.ofSeconds(5))
          .register(registry);

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Records a finished run.
   *
   * @param apps the app type of each side ({@code Catalog.appTypes(id)}), for the API call labels
   */
  public void run(RunReport report, Map<Side, String> apps) {
    Counter.builder("tandem.runs")
        .description("Sync runs finished")
        .tags("connection", report.connection(), "kind", report.kind(), "status", report.status())
        .register(registry)
        .increment();
    long records = 0;
    // A dry run's counts are what it would have done.
    for (Side s : "dry-run".equals(report.kind()) ? new Side[0] : Side.values()) {
      records += report.total("created." + s.label());
      records += report.total("updated." + s.label());
      records += report.total("deleted." + s.label());
    }
    Counter.builder("tandem.records.synced")
        .description("Records created, updated or deleted in the apps")
        .tags("connection", report.connection())
        .register(registry)
        .increment(records);
    for (Side s : Side.values()) {
      apiCalls(apps.getOrDefault(s, "unknown"), report.connection(), report.apiCallTotal(s));
    }
    if ("failed".equals(report.status())) {
      error("run");
    }
  }

  /** Adds {@code n} API calls made to an app of {@code appType} for a connection. */
  public void apiCalls(String appType, String connection, long n) {
    Counter.builder("tandem.api.calls")
        .description("Calls to the apps' APIs")
        .tags("app", appType, "connection", connection)
        .register(registry)
        .increment(n);
  }

  /** Counts an error of a kind ({@code run}, {@code http}, {@code webhook}, …). */
  public void error(String kind) {
    Counter.builder("tandem.errors")
        .description("Errors, by kind")
        .tags("kind", kind)
        .register(registry)
        .increment();
  }

  /** Records how long a webhook delivery took (as the webhook endpoint measures it). */
  public void webhookLatency(Duration d) {
    webhookLatency.record(d);
  }

  public Timer webhookLatency() {
    return webhookLatency;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
