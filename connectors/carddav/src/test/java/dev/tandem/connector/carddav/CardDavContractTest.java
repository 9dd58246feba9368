package dev.tandem.connector.carddav;

import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorContractKit;
import dev.tandem.core.spi.WriteOp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract kit against a real Radicale; every test gets a fresh address book. */
class CardDavContractTest extends ConnectorContractKit {
  static Radicale radicale;
  static int books;

  @BeforeAll
  static void startRadicale() throws Exception {
    radicale = Radicale.start();
  }

  @AfterAll
  static void stopRadicale() throws Exception {
    if (radicale != null) {
      radicale.close();
    }
  }

  @Override
  protected Connector connect(ConnectorContext context, int pageSize) {
    try {
      String name = "kit" + (books++);
      radicale.createBook(name, "Kit " + name);
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("url", radicale.book(name).toString());
      settings.put("username", Radicale.USER);
      settings.put("password", Radicale.PASSWORD);
      settings.put("page-size", String.valueOf(pageSize));
      return new CardDavConnectorFactory()
          .create(new AccountConfig("dav", "carddav", settings), context);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
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
