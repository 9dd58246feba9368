package dev.tandem.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.connector.memory.MemoryApp;
import dev.tandem.core.model.ObjectType;
import dev.tandem.core.spi.ConfigException;
import dev.tandem.engine.ProgressListener;
import dev.tandem.engine.RunOptions;
import dev.tandem.engine.SyncConnection;
import dev.tandem.engine.SyncEngine;
import dev.tandem.engine.config.ConfigLoader;
import dev.tandem.engine.config.TandemConfig;
import dev.tandem.engine.service.ConnectionSource;
import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogSeedTest {
  @TempDir Path dir;
  String app = "seed-" + UUID.randomUUID();

  @AfterEach
  void forget() {
    MemoryApp.forget(app + "a");
    MemoryApp.forget(app + "b");
  }

  private TandemConfig config(String every, String rule) throws Exception {
    Path file = dir.resolve("tandem.yaml");
    Files.writeString(
        file,
        """
        apps:
          crm: {type: memory, name: %sa}
          erp: {type: memory, name: %sb}
        connections:
          - name: crm-erp
            a: crm
            b: erp
            every: %s
            objects:
              contact:
                match: email
                conflict: b-wins
                delete-guard: 5%%
                fields:
                  - {a: phone, b: phone, direction: a-to-b, transform: [trim]}
                  - {a: jobTitle, b: jobTitle, values: {CEO: Chief}}
                rules:
                  - {direction: a-to-b, when: "%s", set: {tags: crm}}
                  - {direction: b-to-a}
        """
            .formatted(app, app, every, rule));
    return new ConfigLoader(k -> null, Catalog.installedApps().keySet()).load(file);
  }

  @Test
  void theConfigSeedsWorkspaceDefaultAndWinsOnTheNextStart() throws Exception {
    try (StateStore store = StateStores.sqlite(dir.resolve("t.db"))) {
      Catalog catalog =
          new Catalog(
              store, Secrets.of(new byte[32]), Catalog.installedApps(), dir, Clock.systemUTC());
      List<String> changed = new ArrayList<>();
      catalog.onChange(changed::add);
      TandemConfig config = config("10m", "lastName != ''");
      catalog.seed(config);
      assertThat(changed).containsExactly("crm-erp");

      ConnectionView c = catalog.connection("default", "crm-erp");
      assertThat(c.id()).isEqualTo("crm-erp");
      assertThat(c.problem()).isNull();
      // What was stored reads back as the same connection the config file describes.
      assertThat(c.parsed().objects().get(0).rules())
          .extracting(r -> r.describe())
          .containsExactly("lastName != ''", "(every record)");
      assertThat(c.parsed().objects().get(0).fields())
          .extracting(f -> f.a() + ">" + f.direction() + ">" + f.values() + ">" + f.transform())
          .containsExactly("phone>a-to-b>{}>trim", "jobTitle>null>{CEO=Chief}>null");
      assertThat(c.parsed().objects().get(0).deleteGuard())
          .isEqualTo(config.connections().get(0).objects().get(0).deleteGuard());
      assertThat(c.parsed().objects().get(0).conflict())
          .isEqualTo(config.connections().get(0).objects().get(0).conflict());
      assertThat(catalog.connections())
          .containsExactly(new ConnectionSource.Entry("crm-erp", Duration.ofMinutes(10)));

      catalog.seed(config);
      assertThat(changed).hasSize(1); // nothing changed: no reload
      catalog.seed(config("1h", "firstName = Ann"));
      assertThat(changed).hasSize(2);
      assertThat(catalog.connections())
          .containsExactly(new ConnectionSource.Entry("crm-erp", Duration.ofHours(1)));

      MemoryApp.named(app + "a")
          .put(ObjectType.CONTACT, Map.of("email", "ann@example.com", "firstName", "Ann"));
      SyncConnection open = catalog.open("crm-erp");
      assertThat(open.name()).isEqualTo("crm-erp");
      try {
        var report =
            new SyncEngine(store, Clock.systemUTC())
                .run(open, RunOptions.DEFAULT, ProgressListener.NONE);
        assertThat(report.completed()).as(String.valueOf(report.error())).isTrue();
      } finally {
        open.a().close();
        open.b().close();
      }
      assertThat(MemoryApp.named(app + "b").size(ObjectType.CONTACT)).isEqualTo(1);
      assertThat(store.runs("crm-erp", 5)).hasSize(1);
    }
  }

  @Test
  void openingAConnectionWhoseAccountIsGoneSaysSo() throws Exception {
    try (StateStore store = StateStores.sqlite(dir.resolve("t.db"))) {
      Catalog catalog =
          new Catalog(
              store, Secrets.of(new byte[32]), Catalog.installedApps(), dir, Clock.systemUTC());
      catalog.seed(config("10m", "lastName != ''"));
      try (var h = org.jdbi.v3.core.Jdbi.create(store.dataSource()).open()) {
        h.execute("DELETE FROM accounts WHERE name = 'erp'");
      }
      assertThatThrownBy(() -> catalog.open("crm-erp"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'b' names app 'erp'");
      assertThat(catalog.connection("default", "crm-erp").problem()).contains("'erp'");
      assertThatThrownBy(() -> catalog.open("nope")).isInstanceOf(ConfigException.class);
    }
  }

  @Test
  void aChangedSecretKeyNamesTheAccountWhenTheConnectionOpens() {
    try (StateStore store = StateStores.sqlite(dir.resolve("t.db"))) {
      Catalog before =
          new Catalog(
              store, Secrets.of(new byte[32]), Catalog.installedApps(), dir, Clock.systemUTC());
      before.putAccount(
          "default", "crm", "hubspot", Map.of("url", "http://127.0.0.1:9", "token", "pat-1"), true);
      before.putAccount("default", "erp", "memory", Map.of("name", app + "b"), true);
      before.createConnection("default", "{name: p, a: crm, b: erp, objects: {contact: {}}}");
      byte[] other = new byte[32];
      other[0] = 1;
      Catalog after =
          new Catalog(store, Secrets.of(other), Catalog.installedApps(), dir, Clock.systemUTC());
      assertThatThrownBy(() -> after.open("p"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("account 'crm': cannot decrypt its credentials")
          .hasMessageContaining("not the one they were stored with")
          .hasMessageNotContaining("pat-1");
      // Listing still works, and entering the token again repairs the account.
      assertThat(after.account("default", "crm").credentials()).containsExactly("token");
      after.putAccount(
          "default", "crm", null, Map.of("url", "http://127.0.0.1:9", "token", "pat-2"), false);
      SyncConnection repaired = after.open("p");
      repaired.a().close();
      repaired.b().close();
    }
  }
}
