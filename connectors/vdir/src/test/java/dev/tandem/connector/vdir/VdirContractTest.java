package dev.tandem.connector.vdir;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorContractKit;
import dev.tandem.core.spi.WriteOp;
import java.util.LinkedHashMap;
import java.util.Map;

class VdirContractTest extends ConnectorContractKit {
  private int folders;

  @Override
  protected Connector connect(ConnectorContext context, int pageSize) {
    AccountConfig config =
        new AccountConfig(
            "cards",
            "vdir",
            Map.of(
                "path",
                "book" + (folders++),
                "create",
                "true",
                "page-size",
                String.valueOf(pageSize),
                "cache-dir",
                "cache"));
    return new VdirConnectorFactory().create(config, context);
  }

  @Override
  protected Map<String, String> sampleFields(int i) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("email", "person" + i + "@example.org");
    f.put("firstName", "First" + i);
    f.put("lastName", "Last" + i);
    f.put("company", "Company " + i);
    f.put("phone", "+1 555 0100 " + i);
    f.put("notes", "Note number " + i);
    return f;
  }

  @Override
  protected WriteOp rejectedOp() {
    return WriteOp.create(with(sampleFields(9), "birthday", "31/12/1999"));
  }

  @Override
  protected String unknownId() {
    return "no-such-card.vcf";
  }
}
