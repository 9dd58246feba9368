package dev.tandem.connector.memory;

import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorContractKit;
import dev.tandem.core.spi.WriteOp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

class MemoryConnectorContractTest extends ConnectorContractKit {
  private MemoryApp app;

  @Override
  protected Connector connect(ConnectorContext context, int pageSize) {
    app = new MemoryApp("contract", context.clock());
    app.faults()
        .rejectWhen(
            f -> "blocked@example.com".equals(f.get("email")),
            "email blocked@example.com is on the app's blocklist");
    return new MemoryConnector(app, context.meter(), pageSize, 100);
  }

  @Override
  protected Map<String, String> sampleFields(int i) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("email", "Person" + i + "@Example.com");
    f.put("firstName", "First" + i);
    f.put("lastName", "Last" + i);
    f.put("phone", "+1 555 01" + i);
    f.put("jobTitle", "Title " + i);
    return f;
  }

  @Override
  protected boolean rateLimitNextCall() {
    app.faults().rateLimitNext(1, Duration.ofMillis(1500));
    return true;
  }

  @Override
  protected WriteOp rejectedOp() {
    return WriteOp.create(Map.of("email", "blocked@example.com", "lastName", "Blocked"));
  }
}
