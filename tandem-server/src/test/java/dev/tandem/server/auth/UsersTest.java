package dev.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.store.StateStore;
import dev.tandem.engine.store.StateStores;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
  @TempDir Path dir;

  @Test
  void theFirstStartCreatesAdminWithAGeneratedPasswordShownOnce() {
    try (StateStore store = StateStores.sqlite(dir.resolve("t.db"))) {
      Users users = new Users(Jdbi.create(store.dataSource()), Clock.systemUTC());
      String pw = users.ensureAdmin(null).orElseThrow();
      assertThat(users.authenticate("admin", pw)).isPresent();
      assertThat(users.find("admin").orElseThrow())
          .isEqualTo(new User("admin", Users.DEFAULT_WORKSPACE, true));
      assertThat(users.ensureAdmin(null)).isEmpty();
      assertThat(users.ensureAdmin("other-password")).isEmpty();
      assertThat(users.authenticate("admin", "other-password")).isEmpty();
      assertThat(users.workspaces()).containsExactly("default");
    }
  }

  @Test
  void theAdminPasswordCanComeFromTheEnvironment() {
    try (StateStore store = StateStores.sqlite(dir.resolve("t.db"))) {
      Users users = new Users(Jdbi.create(store.dataSource()), Clock.systemUTC());
      assertThat(users.ensureAdmin("from-the-env")).isEmpty();
      assertThat(users.authenticate("admin", "from-the-env")).isPresent();
      users.setPassword("admin", "changed-password");
      assertThat(users.authenticate("admin", "from-the-env")).isEmpty();
      assertThat(users.authenticate("admin", "changed-password")).isPresent();
    }
  }
}
