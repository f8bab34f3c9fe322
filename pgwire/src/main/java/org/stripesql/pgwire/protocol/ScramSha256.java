package org.stripesql.pgwire.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) without channel binding, on a
 * stored SaltedPassword: the users file's PBKDF2-HMAC-SHA256 hash is exactly that, so ClientKey,
 * StoredKey and ServerKey follow from it. The user name inside SCRAM is ignored (PostgreSQL clients send
 * an empty one or {@code *}); the startup message's user counts.
 */
public final class ScramSha256 {
  public static final String MECHANISM = "SCRAM-SHA-256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] salt;
  private final int iterations;
  private final byte[] storedKey;
  private final byte[] serverKey;
  private final boolean known;
  private String gs2Header;
  private String clientFirstBare;
  private String serverFirst;
  private String nonce;

  /**
   * An exchange checking against {@code saltedPassword}; null for an unknown user, who gets a salt
   * made from {@code fakeSalt} and is refused after the same exchange.
   */
  public ScramSha256(byte[] saltedPassword, byte[] salt, int iterations, byte[] fakeSalt) {
    this.known = saltedPassword != null;
    this.salt = known ? salt : fakeSalt;
    this.iterations = iterations;
    byte[] sp = known ? saltedPassword : new byte[32];
    byte[] clientKey = hmac(sp, "Client Key".getBytes(StandardCharsets.US_ASCII));
    this.storedKey = sha256(clientKey);
    this.serverKey = hmac(sp, "Server Key".getBytes(StandardCharsets.US_ASCII));
  }

  /** The server-first-message for the client-first-message, or an exception for a malformed one. */
  public String serverFirst(String clientFirst) {
    if (clientFirst.startsWith("p=")) {
      throw new ProtocolException("SCRAM channel binding was requested, but the server did not offer it");
    }
    if (!clientFirst.startsWith("n,") && !clientFirst.startsWith("y,")) {
      throw new ProtocolException("malformed SCRAM message: no GS2 header");
    }
    int second = clientFirst.indexOf(',', 2);
    if (second < 0) {
      throw new ProtocolException("malformed SCRAM message: no GS2 header");
    }
    gs2Header = clientFirst.substring(0, second + 1);
    clientFirstBare = clientFirst.substring(second + 1);
    Map<Character, String> attrs = attributes(clientFirstBare);
    String clientNonce = attrs.get('r');
    if (clientNonce == null || clientNonce.isEmpty() || attrs.containsKey('m')) {
      throw new ProtocolException("malformed SCRAM message: no client nonce");
    }
    byte[] mine = new byte[18];
    RANDOM.nextBytes(mine);
    nonce = clientNonce + Base64.getEncoder().encodeToString(mine);
    serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
    return serverFirst;
  }

  /** The server-final-message when the client's proof is right; null when it is not. */
  public String serverFinal(String clientFinal) {
    int p = clientFinal.lastIndexOf(",p=");
    if (p < 0 || serverFirst == null) {
      throw new ProtocolException("malformed SCRAM message: no proof");
    }
    String withoutProof = clientFinal.substring(0, p);
    Map<Character, String> attrs = attributes(clientFinal);
    String binding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.US_ASCII));
    if (!binding.equals(attrs.get('c')) || !nonce.equals(attrs.get('r'))) {
      return null;
    }
    byte[] proof;
    try {
      proof = Base64.getDecoder().decode(attrs.get('p'));
    } catch (IllegalArgumentException e) {
      return null;
    }
    String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] message = authMessage.getBytes(StandardCharsets.UTF_8);
    byte[] signature = hmac(storedKey, message);
    if (proof.length != signature.length) {
      return null;
    }
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) {
      clientKey[i] = (byte) (proof[i] ^ signature[i]);
    }
    boolean ok = MessageDigest.isEqual(sha256(clientKey), storedKey) && known;
    if (!ok) {
      return null;
    }
    return "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, message));
  }

  private static Map<Character, String> attributes(String message) {
    Map<Character, String> out = new HashMap<>();
    for (String part : message.split(",")) {
      if (part.length() >= 2 && part.charAt(1) == '=') {
        out.putIfAbsent(part.charAt(0), part.substring(2));
      }
    }
    return out;
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
