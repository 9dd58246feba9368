package dev.tandem.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.spi.ConnectorFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CardDavFactoryLookupTest {
  @Test
  void theFactoryIsFoundByItsType() {
    assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(p -> p.get().type()))
        .contains("carddav");
  }
}
