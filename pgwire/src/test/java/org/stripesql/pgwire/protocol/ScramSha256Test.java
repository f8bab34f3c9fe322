package org.stripesql.pgwire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.stripesql.server.security.PasswordHash;

/**
 * The server side of SCRAM-SHA-256 against a client computed here from the password (RFC 5802): the
 * users file's stored hash is the SaltedPassword, so the right password passes and a wrong one does not.
 */
class ScramSha256Test {
  /** The client's final message for {@code password}, given the server's first message. */
  private static String clientFinal(String clientFirstBare, String serverFirst, String password, String gs2)
      throws Exception {
    String nonce = serverFirst.split(",")[0].substring(2);
    byte[] salt = Base64.getDecoder().decode(serverFirst.split(",")[1].substring(2));
    int iterations = Integer.parseInt(serverFirst.split(",")[2].substring(2));
    byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
    byte[] clientKey = ScramSha256.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
    byte[] storedKey = ScramSha256.sha256(clientKey);
    String withoutProof = "c=" + Base64.getEncoder().encodeToString(gs2.getBytes(StandardCharsets.US_ASCII))
        + ",r=" + nonce;
    String auth = clientFirstBare + "," + serverFirst + "," + withoutProof;
    byte[] signature = ScramSha256.hmac(storedKey, auth.getBytes(StandardCharsets.UTF_8));
    byte[] proof = new byte[clientKey.length];
    for (int i = 0; i < proof.length; i++) {
      proof[i] = (byte) (clientKey[i] ^ signature[i]);
    }
    return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
  }

  private static ScramSha256 server(String stored) {
    PasswordHash.Parts p = PasswordHash.parts(stored);
    return new ScramSha256(p.hash(), p.salt(), p.iterations(), null);
  }

  @Test
  void theRightPasswordPassesAndTheServerProvesItKnowsTheHash() throws Exception {
    String stored = PasswordHash.hash("correct horse".toCharArray());
    for (String gs2 : new String[] {"n,,", "y,,"}) {
      ScramSha256 s = server(stored);
      String first = s.serverFirst(gs2 + "n=*,r=abcdefghijkl");
      assertEquals(PasswordHash.ITERATIONS, Integer.parseInt(first.split(",")[2].substring(2)));
      String fin = s.serverFinal(clientFinal("n=*,r=abcdefghijkl", first, "correct horse", gs2));
      assertNotNull(fin, gs2);
    }
  }

  @Test
  void wrongPasswordsAndUnknownUsersFail() throws Exception {
    String stored = PasswordHash.hash("correct horse".toCharArray());
    ScramSha256 s = server(stored);
    String first = s.serverFirst("n,,n=,r=nonce123");
    assertNull(s.serverFinal(clientFinal("n=,r=nonce123", first, "wrong", "n,,")));
    ScramSha256 unknown = new ScramSha256(null, null, PasswordHash.ITERATIONS, new byte[16]);
    String f2 = unknown.serverFirst("n,,n=,r=nonce123");
    assertNull(unknown.serverFinal(clientFinal("n=,r=nonce123", f2, "anything", "n,,")));
  }

  @Test
  void channelBindingIsRefusedAsNotOffered() {
    ScramSha256 s = server(PasswordHash.hash("pw".toCharArray()));
    assertThrows(ProtocolException.class, () -> s.serverFirst("p=tls-server-end-point,,n=,r=x"));
  }
}
