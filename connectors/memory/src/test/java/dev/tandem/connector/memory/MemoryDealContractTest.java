package dev.tandem.connector.memory;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorContractKit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The kit on an object type without an email field: the find test is skipped. */
class MemoryDealContractTest extends ConnectorContractKit {

  @Override
  protected Connector connect(ConnectorContext context, int pageSize) {
    return new MemoryConnector(
        new MemoryApp("deals", context.clock()), context.meter(), pageSize, 7);
  }

  @Override
  protected ObjectType objectType() {
    return ObjectType.DEAL;
  }

  @Override
  protected Map<String, String> sampleFields(int i) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("name", "Deal " + i);
    f.put("amount", Integer.toString(1000 + i));
    f.put("description", "About deal " + i);
    return f;
  }
}
