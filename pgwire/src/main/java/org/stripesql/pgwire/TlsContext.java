package org.stripesql.pgwire;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.StartupException;

/** TLS for the PostgreSQL endpoint from the gateway's own PKCS12 keystore, started on SSLRequest. */
final class TlsContext {
  private final SSLContext context;
  private final String[] protocols;
  private final String[] cipherSuites;

  private TlsContext(SSLContext context, String[] protocols, String[] cipherSuites) {
    this.context = context;
    this.protocols = protocols;
    this.cipherSuites = cipherSuites;
  }

  /** The TLS of {@code security}, or null when it has none. */
  static TlsContext of(GatewaySecurity security) throws StartupException {
    if (!security.tls()) {
      return null;
    }
    try (InputStream in = Files.newInputStream(security.keystore())) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      char[] password = security.keystorePassword().toCharArray();
      ks.load(in, password);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return new TlsContext(ctx,
          security.tlsProtocols() == null ? null : security.tlsProtocols().toArray(new String[0]),
          security.tlsCipherSuites() == null ? null : security.tlsCipherSuites().toArray(new String[0]));
    } catch (IOException | GeneralSecurityException e) {
      throw new StartupException("Cannot use the TLS keystore " + security.keystore() + " for the PostgreSQL port: "
          + e.getMessage(), e);
    }
  }

  /** The TLS socket over an accepted one, handshake done. */
  SSLSocket wrap(Socket socket) throws IOException {
    SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket,
        socket.getInetAddress().getHostAddress(), socket.getPort(), true);
    ssl.setUseClientMode(false);
    if (protocols != null) {
      ssl.setEnabledProtocols(protocols);
    }
    if (cipherSuites != null) {
      ssl.setEnabledCipherSuites(cipherSuites);
    }
    ssl.startHandshake();
    return ssl;
  }
}
