package dev.tandem.server.catalog;

import dev.tandem.core.spi.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts app credentials at rest with AES-256-GCM. Every value gets a fresh random 12-byte nonce;
 * the stored form is {@code v1:} followed by base64 of nonce and ciphertext (with its 16-byte tag).
 * The "context" (an account's id) is bound as associated data, so a ciphertext copied to another
 * account's row does not decrypt.
 *
 * <p>The key comes from {@code TANDEM_SECRET_KEY} (base64 of 32 bytes) or from a key file created
 * on first start with POSIX mode 0600.
 */
public final class Secrets {
  /** The environment variable that holds the key. */
  public static final String ENV = "TANDEM_SECRET_KEY";

  /** The key file's usual name, next to the store. */
  public static final String KEY_FILE = "secret.key";

  private static final Logger log = LoggerFactory.getLogger(Secrets.class);
  private static final String VERSION = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;
  private final String origin;

  private Secrets(byte[] key, String origin) {
    if (key.length != 32) {
      throw new ConfigException(
          origin + " must hold 32 bytes (base64 encoded), not " + key.length + " bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
    this.origin = origin;
  }

  /** A key given directly (tests, tools). */
  public static Secrets of(byte[] key) {
    return new Secrets(key.clone(), "the secret key");
  }

  /**
   * The key from {@code envValue} (the value of {@link #ENV}) when set, else from {@code keyFile},
   * which is created with a new random key (mode 0600) when missing.
   */
  public static Secrets load(String envValue, Path keyFile) {
    if (envValue != null && !envValue.isBlank()) {
      return new Secrets(decode(envValue.strip(), ENV), ENV);
    }
    Path file = keyFile.toAbsolutePath().normalize();
    String origin = "the key file " + file;
    try {
      if (!Files.exists(file)) {
        create(file);
        log.info("event=secret_key.created file={}", file);
      }
      return new Secrets(
          decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), origin), origin);
    } catch (IOException e) {
      throw new ConfigException(origin + ": cannot read or create it: " + e.getMessage());
    }
  }

  private static void create(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    byte[] text =
        (Base64.getEncoder().encodeToString(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
    Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
    try {
      // Created with its final mode in one step: there is no moment when others could read it.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      return; // another process made it first; use theirs
    }
    Files.write(file, text);
  }

  private static byte[] decode(String base64, String origin) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          origin + " is not valid base64 (expected 32 random bytes, base64 encoded)");
    }
  }

  /** A fresh random key, base64 encoded, for {@code TANDEM_SECRET_KEY}. */
  public static String newKey() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  /** Encrypts {@code plaintext} bound to {@code context}. */
  public String encrypt(String plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return VERSION + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    }
  }

  /**
   * Decrypts what {@link #encrypt} made for the same {@code context}.
   *
   * @param what names the value in the message when it cannot be decrypted (e.g. "account 'crm'")
   * @throws ConfigException when the key differs from the one it was encrypted with, or the value
   *     is damaged
   */
  public String decrypt(String sealed, String context, String what) {
    if (sealed == null || !sealed.startsWith(VERSION)) {
      throw new ConfigException(
          what + ": its stored credentials are in an unknown format (expected " + VERSION + "…)");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(what + ": its stored credentials are damaged (not base64)");
    }
    if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new ConfigException(what + ": its stored credentials are damaged (too short)");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] plain = c.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new ConfigException(
          what
              + ": cannot decrypt its credentials: the secret key ("
              + origin
              + ") is not the one they were stored with. Restore the old key, or enter the"
              + " account's credentials again");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Secrets[" + origin + "]";
  }
}
