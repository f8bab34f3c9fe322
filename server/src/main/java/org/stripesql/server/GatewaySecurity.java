package org.stripesql.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.server.HttpServer;
import org.stripesql.server.security.LoginThrottle;
import org.stripesql.server.security.PasswordLoginService;

/**
 * Who may connect and how: a users file (HTTP Basic, salted PBKDF2 hashes, login throttling), users' own
 * models (their own Stripe accounts), TLS (a PKCS12 keystore; when on, plain HTTP is not served), the host
 * names clients may use. The binding rules: without a users file only a loopback address (unless
 * {@code insecureNoAuth} or the demo); with one, off loopback only over TLS (here or in a proxy in front).
 */
public final class GatewaySecurity {
  private final Path users;
  private final boolean insecureNoAuth;
  private final boolean demo;
  private final boolean tlsTerminatedByProxy;
  private final Map<String, ModelSource> userModels;
  private final Path keystore;
  private final String keystorePassword;
  private final List<String> protocols;
  private final List<String> cipherSuites;
  private final List<String> allowedHosts;
  private final int loginMaxFailures;
  private final Duration loginLockout;

  private GatewaySecurity(Builder b) {
    this.users = b.users;
    this.insecureNoAuth = b.insecureNoAuth;
    this.demo = b.demo;
    this.tlsTerminatedByProxy = b.tlsTerminatedByProxy;
    this.userModels = Map.copyOf(b.userModels);
    this.keystore = b.keystore;
    this.keystorePassword = b.keystorePassword;
    this.protocols = b.protocols == null ? null : List.copyOf(b.protocols);
    this.cipherSuites = b.cipherSuites == null ? null : List.copyOf(b.cipherSuites);
    this.allowedHosts = List.copyOf(b.allowedHosts);
    this.loginMaxFailures = b.loginMaxFailures;
    this.loginLockout = b.loginLockout;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path users() {
    return users;
  }

  public Map<String, ModelSource> userModels() {
    return userModels;
  }

  public boolean tls() {
    return keystore != null;
  }

  /** The PKCS12 keystore of TLS, or null without TLS. */
  public Path keystore() {
    return keystore;
  }

  /** The keystore's password, or null without TLS; never logged. */
  public String keystorePassword() {
    return keystorePassword;
  }

  /** The TLS protocols to allow, or null for the defaults. */
  public List<String> tlsProtocols() {
    return protocols;
  }

  /** The TLS cipher suites to allow, or null for the defaults. */
  public List<String> tlsCipherSuites() {
    return cipherSuites;
  }

  /** A new throttle of failed logins with these settings. */
  public LoginThrottle loginThrottle() {
    return new LoginThrottle(loginMaxFailures, loginLockout);
  }

  /** Host names clients may reach the gateway under besides loopback and the bound address. */
  public List<String> allowedHosts() {
    return allowedHosts;
  }

  /** Whether the operator turned authentication off (--insecure-no-auth; not the demo). */
  public boolean insecureNoAuth() {
    return insecureNoAuth;
  }

  /**
   * Refuses a non-loopback address without authentication (unless insecureNoAuth or the demo), and logins
   * on a non-loopback address over plain HTTP (unless TLS is terminated by a proxy in front).
   */
  public void checkBinding(String host) throws StartupException {
    if (users == null && !insecureNoAuth && !demo && !isLoopback(host)) {
      throw new StartupException("Refusing to serve " + host + " without authentication: anyone who can reach"
          + " it could read your Stripe data. Fix: pass --users FILE (create it with 'stripesql passwd USER"
          + " --file FILE'), bind 127.0.0.1, or pass --insecure-no-auth if something in front authenticates.");
    }
    if (users != null && keystore == null && !tlsTerminatedByProxy && !isLoopback(host)) {
      throw new StartupException("Refusing to take logins on " + host + " over plain HTTP: Basic authentication"
          + " would send every password in clear text. Fix: --tls-keystore FILE, or --tls-terminated-by-proxy"
          + " when a proxy in front of the gateway terminates TLS.");
    }
    if (users == null && !userModels.isEmpty()) {
      throw new StartupException("Per-user models need authentication: pass --users FILE as well.");
    }
  }

  /** Whether {@code host} is a loopback address (127.0.0.0/8, ::1, localhost). */
  public static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress[] all = InetAddress.getAllByName(h);
      for (InetAddress a : all) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Configures Avatica's builder: Basic authentication (its login service is replaced by the gateway's), TLS. */
  void apply(HttpServer.Builder<?> b) {
    if (users != null) {
      b.withBasicAuthentication(users.toString(), new String[] {PasswordLoginService.ROLE});
    }
    if (keystore != null) {
      // the truststore is only consulted for client certificates, which are not requested
      b.withTLS(keystore.toFile(), keystorePassword, keystore.toFile(), keystorePassword, "PKCS12",
          protocols == null ? null : protocols.toArray(new String[0]),
          cipherSuites == null ? null : cipherSuites.toArray(new String[0]));
    }
  }

  /** Settings. */
  public static final class Builder {
    private Path users;
    private boolean insecureNoAuth;
    private boolean demo;
    private boolean tlsTerminatedByProxy;
    private final Map<String, ModelSource> userModels = new LinkedHashMap<>();
    private Path keystore;
    private String keystorePassword;
    private List<String> protocols;
    private List<String> cipherSuites;
    private final List<String> allowedHosts = new ArrayList<>();
    private int loginMaxFailures = 10;
    private Duration loginLockout = Duration.ofMinutes(15);

    public Builder users(Path file) {
      this.users = file;
      return this;
    }

    /** Serve any address without authentication: only behind a proxy that authenticates. */
    public Builder insecureNoAuth(boolean v) {
      this.insecureNoAuth = v;
      return this;
    }

    /** The demo: the emulator's synthetic data, so any address may be served without authentication. */
    public Builder demo(boolean v) {
      this.demo = v;
      return this;
    }

    /** A proxy in front terminates TLS: logins may be taken over plain HTTP on a non-loopback address. */
    public Builder tlsTerminatedByProxy(boolean v) {
      this.tlsTerminatedByProxy = v;
      return this;
    }

    /** {@code user}'s connections use {@code model} (their own Stripe credentials) instead of the gateway's. */
    public Builder userModel(String user, ModelSource model) {
      this.userModels.put(user, model);
      return this;
    }

    /** TLS with a PKCS12 keystore; {@code protocols} and {@code cipherSuites} may be null (Jetty's defaults). */
    public Builder tls(Path keystore, String password, List<String> protocols, List<String> cipherSuites) {
      this.keystore = keystore;
      this.keystorePassword = password;
      this.protocols = protocols;
      this.cipherSuites = cipherSuites;
      return this;
    }

    /**
     * Host names (the {@code Host} header) clients may reach the gateway under besides loopback names and
     * the bound address: a proxy's or DNS name; {@code *} turns the check off.
     */
    public Builder allowedHosts(List<String> names) {
      this.allowedHosts.addAll(names);
      return this;
    }

    /**
     * After {@code maxFailures} failed logins within {@code lockout} from one address or for one user
     * name, refuse further attempts from it, or for it, with 429 until {@code lockout} has passed
     * (defaults 10 and 15 minutes).
     */
    public Builder loginThrottle(int maxFailures, Duration lockout) {
      new LoginThrottle(maxFailures, lockout);   // checks the values
      this.loginMaxFailures = maxFailures;
      this.loginLockout = lockout;
      return this;
    }

    public GatewaySecurity build() {
      return new GatewaySecurity(this);
    }
  }
}
