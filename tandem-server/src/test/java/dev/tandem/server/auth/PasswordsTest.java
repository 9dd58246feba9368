package dev.tandem.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
  @Test
  void hashesAreSaltedPbkdf2AndVerify() {
    String a = Passwords.hash("correct horse");
    String b = Passwords.hash("correct horse");
    assertThat(a).startsWith("pbkdf2-sha256$210000$").isNotEqualTo(b).doesNotContain("correct");
    assertThat(Passwords.verify("correct horse", a)).isTrue();
    assertThat(Passwords.verify("correct horsf", a)).isFalse();
    assertThat(Passwords.verify("", a)).isFalse();
    assertThat(Passwords.verify("correct horse", "garbage")).isFalse();
    assertThat(Passwords.verify(null, a)).isFalse();
  }

  @Test
  void generatedPasswordsAreLongAndDifferent() {
    assertThat(Passwords.generate()).hasSize(20).isNotEqualTo(Passwords.generate());
  }
}
