package dev.tandem.connector.vdir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.spi.ConnectorFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class VdirFactoryLookupTest {
  @Test
  void theFactoryIsFoundByItsType() {
    assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(p -> p.get().type()))
        .contains("vdir");
  }
}
