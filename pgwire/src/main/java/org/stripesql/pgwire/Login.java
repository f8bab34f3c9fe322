package org.stripesql.pgwire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.stripesql.pgwire.protocol.MessageReader;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.protocol.ProtocolException;
import org.stripesql.pgwire.protocol.ScramSha256;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UserStore;

/**
 * Checks a client's password against the users file: SCRAM-SHA-256 on the stored hash, or the password
 * in clear text where the operator allows it (only over TLS or on loopback). An unknown user goes
 * through the same exchange and is refused at its end, so the answer does not tell who exists.
 */
final class Login {
  private final UserStore users;
  private final PgAuth method;
  private final SecretKeySpec fakeSaltKey;

  Login(UserStore users, PgAuth method, byte[] secret) {
    this.users = users;
    this.method = method;
    this.fakeSaltKey = new SecretKeySpec(secret, "HmacSHA256");
  }

  /** A failed login: SQLSTATE and message for the client's FATAL ErrorResponse. */
  static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    private final String sqlState;

    Failed(String sqlState, String message) {
      super(message);
      this.sqlState = sqlState;
    }

    String sqlState() {
      return sqlState;
    }
  }

  /**
   * Runs the exchange for {@code user}; returns when the password is right, throws {@link Failed}
   * otherwise. {@code secure}: the connection is TLS or on loopback, where a clear-text password may go.
   */
  void authenticate(String user, boolean secure, MessageReader in, MessageWriter out) throws IOException, Failed {
    String stored = users.hash(user);
    PasswordHash.Parts parts = PasswordHash.parts(stored);
    if (method == PgAuth.PASSWORD) {
      if (!secure) {
        throw new Failed("28000", "clear-text passwords are refused on a connection that is neither TLS nor"
            + " loopback: connect with sslmode=require (the gateway's --tls-keystore), or have the operator use"
            + " --pg-auth scram-sha-256");
      }
      out.authenticationCleartextPassword();
      out.flush();
      MessageReader.Message m = expect(in);
      String password = m.cstring();
      if (parts == null || !PasswordHash.verify(password.toCharArray(), stored)) {
        throw failed(user);
      }
      return;
    }
    out.authenticationSasl(List.of(ScramSha256.MECHANISM));
    out.flush();
    MessageReader.Message first = expect(in);
    String mechanism = first.cstring();
    if (!ScramSha256.MECHANISM.equals(mechanism)) {
      // never repeat what the client sent here: a client answering SCRAM with its password sends the password
      throw new Failed("28000", "client selected an invalid SASL authentication mechanism; use "
          + ScramSha256.MECHANISM);
    }
    int len = first.int32();
    String clientFirst = new String(first.bytes(Math.max(len, 0)), StandardCharsets.UTF_8);
    ScramSha256 scram = parts == null || parts.hash().length != 32
        ? new ScramSha256(null, null, PasswordHash.ITERATIONS, fakeSalt(user))
        : new ScramSha256(parts.hash(), parts.salt(), parts.iterations(), null);
    out.authenticationSaslContinue(scram.serverFirst(clientFirst).getBytes(StandardCharsets.UTF_8));
    out.flush();
    MessageReader.Message second = expect(in);
    String clientFinal = new String(second.bytes(second.remaining()), StandardCharsets.UTF_8);
    String serverFinal = scram.serverFinal(clientFinal);
    if (serverFinal == null) {
      throw failed(user);
    }
    out.authenticationSaslFinal(serverFinal.getBytes(StandardCharsets.UTF_8));
  }

  private static Failed failed(String user) {
    return new Failed("28P01", "password authentication failed for user \"" + user + "\"");
  }

  private static MessageReader.Message expect(MessageReader in) throws IOException {
    MessageReader.Message m = in.read();
    if (m == null) {
      throw new IOException("the client closed the connection during authentication");
    }
    if (m.type() != 'p') {
      throw new ProtocolException("expected a password message, got '" + m.type() + "'");
    }
    return m;
  }

  /** A salt that is the same for the same unknown name on this server, and says nothing about who exists. */
  private byte[] fakeSalt(String user) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(fakeSaltKey);
      byte[] full = mac.doFinal(user.getBytes(StandardCharsets.UTF_8));
      byte[] salt = new byte[16];
      System.arraycopy(full, 0, salt, 0, 16);
      return salt;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
