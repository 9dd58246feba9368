package dev.tandem.connector.vdir;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import java.util.Map;

/** The contract without a cache folder, where every read of changes lists every card. */
class VdirUncachedContractTest extends VdirContractTest {
  private int folders;

  @Override
  protected Connector connect(ConnectorContext context, int pageSize) {
    AccountConfig config =
        new AccountConfig(
            "cards",
            "vdir",
            Map.of(
                "path",
                "plain" + (folders++),
                "create",
                "true",
                "page-size",
                String.valueOf(pageSize),
                "cache-dir",
                "none"));
    return new VdirConnectorFactory().create(config, context);
  }
}
