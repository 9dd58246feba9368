package dev.tandem.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  @TempDir Path dir;

  @Test
  void valuesRoundTripWithAFreshNonceEachTime() {
    Secrets s = Secrets.load(Secrets.newKey(), dir.resolve("unused.key"));
    String a = s.encrypt("pat-na1-abc", "crm");
    String b = s.encrypt("pat-na1-abc", "crm");
    assertThat(a).startsWith("v1:").isNotEqualTo(b).doesNotContain("pat-na1-abc");
    assertThat(s.decrypt(a, "crm", "account 'crm'")).isEqualTo("pat-na1-abc");
    assertThat(s.decrypt(b, "crm", "account 'crm'")).isEqualTo("pat-na1-abc");
    assertThat(Files.exists(dir.resolve("unused.key"))).isFalse();
  }

  @Test
  void aValueDoesNotDecryptForAnotherAccount() {
    Secrets s = Secrets.of(new byte[32]);
    String sealed = s.encrypt("secret", "crm");
    assertThatThrownBy(() -> s.decrypt(sealed, "erp", "account 'erp'"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("account 'erp'");
  }

  @Test
  void aChangedKeyIsReportedNamingTheAccount() {
    String sealed = Secrets.load(Secrets.newKey(), dir.resolve("k")).encrypt("secret", "crm");
    Secrets other = Secrets.load(null, dir.resolve("secret.key"));
    assertThatThrownBy(() -> other.decrypt(sealed, "crm", "account 'crm'"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("account 'crm': cannot decrypt its credentials")
        .hasMessageContaining("secret key")
        .hasMessageContaining(dir.resolve("secret.key").toString())
        .hasMessageNotContaining("secret\"");
    assertThatThrownBy(() -> other.decrypt("v1:%%%", "crm", "account 'crm'"))
        .hasMessageContaining("damaged");
    assertThatThrownBy(() -> other.decrypt("plain", "crm", "account 'crm'"))
        .hasMessageContaining("unknown format");
  }

  @Test
  void theKeyFileIsCreatedOnceOwnerOnlyAndReused() throws Exception {
    Path file = dir.resolve("data").resolve("secret.key");
    Secrets first = Secrets.load(null, file);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
    String sealed = first.encrypt("x", "id");
    assertThat(Secrets.load("", file).decrypt(sealed, "id", "it")).isEqualTo("x");
  }

  @Test
  void aBadKeyIsAClearError() {
    assertThatThrownBy(() -> Secrets.load("not base64!", dir.resolve("k")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TANDEM_SECRET_KEY")
        .hasMessageContaining("base64");
    assertThatThrownBy(
            () -> Secrets.load(Base64.getEncoder().encodeToString(new byte[16]), dir.resolve("k")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("32 bytes");
  }
}
