package dev.tandem.connector.dynamics;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorContractKit;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.emulator.dynamics.DynamicsEmulator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The connector contract against the Dataverse emulator, over real HTTP, with OAuth. */
class DynamicsConnectorContractTest extends ConnectorContractKit {
  static DynamicsEmulator emulator;

  @BeforeAll
  static void startEmulator() {
    emulator = new DynamicsEmulator(new DynamicsEmulator.Options()).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.stop();
  }

  @Override
  protected Connector connect(ConnectorContext context, int pageSize) {
    emulator.reset(true);
    AccountConfig config =
        new AccountConfig(
            "crm",
            "dynamics",
            Map.of(
                "url", emulator.baseUrl(),
                "token-url", emulator.tokenUrl(),
                "client-id", emulator.clientId(),
                "client-secret", emulator.clientSecret(),
                "page-size", String.valueOf(pageSize)));
    return new DynamicsConnectorFactory().create(config, context);
  }

  @Override
  protected Map<String, String> sampleFields(int i) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("firstname", "First" + i);
    f.put("lastname", "Last" + i);
    f.put("emailaddress1", "person" + i + "@example.com");
    f.put("telephone1", "+1 555 010 " + (1000 + i));
    f.put("jobtitle", "Title " + i);
    f.put("address1_city", "City " + i);
    f.put("description", "Note " + i);
    return f;
  }

  @Override
  protected String unknownId() {
    return "00000000-0000-4000-8000-0000000000ff";
  }

  @Override
  protected boolean rateLimitNextCall() {
    emulator.force429(1, 2);
    return true;
  }

  @Override
  protected WriteOp rejectedOp() {
    // Dataverse limits firstname to 50 characters and refuses longer values.
    return WriteOp.create(Map.of("firstname", "x".repeat(60), "lastname", "Too long"));
  }
}
