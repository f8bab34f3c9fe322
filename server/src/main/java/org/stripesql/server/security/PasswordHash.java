package org.stripesql.server.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, stored as
 * {@code pbkdf2-sha256:ITERATIONS:SALT_B64:HASH_B64} (JDK only, no extra library).
 */
public final class PasswordHash {
  public static final String SCHEME = "pbkdf2-sha256";
  public static final int ITERATIONS = 210_000;   // OWASP's 2023 figure for PBKDF2-HMAC-SHA256
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {
  }

  /** A new hash of {@code password} with a fresh random salt. */
  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return SCHEME + ":" + ITERATIONS + ":" + b64(salt) + ":" + b64(derive(password, salt, ITERATIONS));
  }

  /** Whether {@code password} matches {@code stored}; false for a malformed entry. Constant-time compare. */
  public static boolean verify(char[] password, String stored) {
    String[] p = stored == null ? new String[0] : stored.trim().split(":");
    if (p.length != 4 || !SCHEME.equals(p[0])) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(p[1]);
      byte[] salt = Base64.getDecoder().decode(p[2]);
      byte[] expected = Base64.getDecoder().decode(p[3]);
      if (iterations < 1 || iterations > 10_000_000 || expected.length == 0) {
        return false;
      }
      return MessageDigest.isEqual(expected, derive(password, salt, iterations, expected.length * 8));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A stored hash taken apart: PBKDF2-HMAC-SHA256 of the password with this salt and iteration count. */
  public record Parts(int iterations, byte[] salt, byte[] hash) {}

  /**
   * The parts of {@code stored}, or null when it is malformed. The hash is SCRAM-SHA-256's SaltedPassword
   * (RFC 5802: Hi() is PBKDF2 with HMAC-SHA-256 and a 32-byte output), so a SCRAM login can check against
   * the same entry as HTTP Basic.
   */
  public static Parts parts(String stored) {
    String[] p = stored == null ? new String[0] : stored.trim().split(":");
    if (p.length != 4 || !SCHEME.equals(p[0])) {
      return null;
    }
    try {
      int iterations = Integer.parseInt(p[1]);
      byte[] salt = Base64.getDecoder().decode(p[2]);
      byte[] hash = Base64.getDecoder().decode(p[3]);
      if (iterations < 1 || iterations > 10_000_000 || hash.length == 0) {
        return null;
      }
      return new Parts(iterations, salt, hash);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether {@code stored} looks like a hash this class wrote. */
  public static boolean isWellFormed(String stored) {
    String[] p = stored == null ? new String[0] : stored.trim().split(":");
    return p.length == 4 && SCHEME.equals(p[0]) && p[1].matches("[0-9]{1,8}");
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    return derive(password, salt, iterations, HASH_BITS);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().withoutPadding().encodeToString(b);
  }
}
