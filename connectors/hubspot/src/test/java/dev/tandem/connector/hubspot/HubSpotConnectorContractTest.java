package dev.tandem.connector.hubspot;

import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorContractKit;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connector contract for HubSpot contacts, against the emulator over HTTP. */
class HubSpotConnectorContractTest extends ConnectorContractKit {
  private HubSpotEmulator hs;

  @Override
  protected Connector connect(ConnectorContext context, int pageSize) {
    hs = EmulatorFixture.shared();
    hs.reset();
    return EmulatorFixture.connector(hs, context, Map.of("page-size", Integer.toString(pageSize)));
  }

  @Override
  protected Map<String, String> sampleFields(int i) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("email", "Person" + i + "@Example.com");
    f.put("firstname", "First" + i);
    f.put("lastname", "Last" + i);
    f.put("phone", "+1 555 01" + i);
    f.put("jobtitle", "Title " + i);
    return f;
  }

  @Override
  protected boolean rateLimitNextCall() {
    EmulatorFixture.control(hs, "/_emulator/faults", "{\"force429\":1}");
    return true;
  }

  @Override
  protected WriteOp rejectedOp() {
    return WriteOp.create(Map.of("email", "not-an-email", "lifecyclestage", "nonsense"));
  }
}
