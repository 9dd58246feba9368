package dev.tandem.connector.hubspot;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorContractKit;
import dev.tandem.core.spi.WriteOp;
import dev.tandem.emulator.hubspot.HubSpotEmulator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connector contract for HubSpot deals (no email; search changes need associations). */
class HubSpotDealContractTest extends ConnectorContractKit {
  private HubSpotEmulator hs;

  @Override
  protected Connector connect(ConnectorContext context, int pageSize) {
    hs = EmulatorFixture.shared();
    hs.reset();
    return EmulatorFixture.connector(hs, context, Map.of("page-size", Integer.toString(pageSize)));
  }

  @Override
  protected ObjectType objectType() {
    return ObjectType.DEAL;
  }

  @Override
  protected Map<String, String> sampleFields(int i) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("dealname", "Deal " + i);
    f.put("amount", Integer.toString(1000 + i));
    f.put("dealstage", i % 2 == 0 ? "qualify" : "closed-won"); // canonical stages
    f.put("pipeline", "default");
    f.put("description", "About deal " + i);
    return f;
  }

  @Override
  protected String unknownId() {
    return "999999937";
  }

  @Override
  protected boolean rateLimitNextCall() {
    EmulatorFixture.control(hs, "/_emulator/faults", "{\"force429\":1}");
    return true;
  }

  @Override
  protected WriteOp rejectedOp() {
    return WriteOp.create(Map.of("dealname", "Bad", "dealstage", "not-a-stage"));
  }
}
