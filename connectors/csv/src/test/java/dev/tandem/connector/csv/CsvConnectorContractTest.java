package dev.tandem.connector.csv;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorContractKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

class CsvConnectorContractTest extends ConnectorContractKit {

  @Override
  protected Connector connect(ConnectorContext context, int pageSize) {
    try {
      Files.writeString(
          context.baseDir().resolve("people.csv"),
          "id,Email,First Name,Last Name,Phone,Job Title\r\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CsvConnectorFactory()
        .create(
            new AccountConfig("people", "csv", Map.of("path", "people.csv", "page-size", pageSize)),
            context);
  }

  @Override
  protected Map<String, String> sampleFields(int i) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Email", "person" + i + "@example.com");
    f.put("First Name", "First" + i);
    f.put("Last Name", "Last, " + i);
    f.put("Phone", "+1 555 01" + i);
    f.put("Job Title", "Title \"" + i + "\"");
    return f;
  }
}
