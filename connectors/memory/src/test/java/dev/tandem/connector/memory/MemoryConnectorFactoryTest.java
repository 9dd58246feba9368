package dev.tandem.connector.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.AccountConfig;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.core.spi.Connector;
import dev.tandem.core.spi.ConnectorContext;
import dev.tandem.core.spi.ConnectorFactory;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryConnectorFactoryTest {

  @AfterEach
  void forget() {
    MemoryApp.forget("factory-test");
  }

  private static ConnectorFactory factory() {
    return ServiceLoader.load(ConnectorFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(f -> f.type().equals("memory"))
        .findFirst()
        .orElseThrow();
  }

  private static Connector create(Map<String, Object> settings) {
    return factory()
        .create(new AccountConfig("left", "memory", settings), ConnectorContext.defaults());
  }

  @Test
  void configAndTestShareTheNamedApp() {
    Connector c = create(Map.of("name", "factory-test", "page-size", 2, "batch-size", "50"));
    assertThat(c.capabilities().pageSize()).isEqualTo(2);
    assertThat(c.capabilities().batchSize()).isEqualTo(50);
    MemoryApp.named("factory-test").put(ObjectType.CONTACT, Map.of("email", "a@x.io"));
    assertThat(c.scan(ObjectType.CONTACT, null).records()).hasSize(1);
  }

  @Test
  void defaults() {
    Connector c = create(Map.of("name", "factory-test"));
    assertThat(c.capabilities().pageSize()).isEqualTo(1000);
    assertThat(c.capabilities().batchSize()).isEqualTo(100);
    assertThat(c.capabilities().reportsDeletions()).isTrue();
    assertThat(c.capabilities().webhooks()).isFalse();
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> create(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("app 'left' (memory): missing 'name'");
    assertThatThrownBy(() -> create(Map.of("name", "factory-test", "colour", "red")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'colour'");
    assertThatThrownBy(() -> create(Map.of("name", "factory-test", "page-size", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("app 'left' (memory): 'page-size' must be a positive whole number, not '0'");
  }
}
