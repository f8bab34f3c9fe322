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
 * Who may connect and how: a users file (HTTP Basic over the Avatica protocol, checked against salted
 * PBKDF2 hashes), users' own models (their own Stripe accounts), TLS (a PKCS12 keystore; when on, plain
 * HTTP is not served). Without a users file the gateway only binds a loopback address, unless the
 * operator says {@code insecureNoAuth}.
 */
public final class GatewaySecurity {
  private final Path users;
  private final boolean insecureNoAuth;
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

  /** A new throttle of failed logins with these settings. */
  public LoginThrottle loginThrottle() {
    return new LoginThrottle(loginMaxFailures, loginLockout);
  }

  /** Host names clients may reach the gateway under besides loopback and the bound address. */
  public List<String> allowedHosts() {
    return allowedHosts;
  }

  /** Refuses a non-loopback address without authentication, unless insecureNoAuth. */
  public void checkBinding(String host) throws StartupException {
    if (users == null && !insecureNoAuth && !isLoopback(host)) {
      throw new StartupException("Refusing to serve " + host + " without authentication: anyone who can reach"
          + " it could read your Stripe data. Fix: pass --users FILE (create it with 'stripesql passwd USER"
          + " --file FILE'), bind 127.0.0.1, or pass --insecure-no-auth if something in front authenticates.");
    }
    if (users == null && !userModels.isEmpty()) {
      throw new StartupException("Per-user models need authentication: pass --users FILE as well.");
    }
  }

  /** Whether {@code host} is a loopback address (127.0.0.0/8, ::1, localhost). */
  static boolean isLoopback(String host) {
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

    public Builder insecureNoAuth(boolean v) {
      this.insecureNoAuth = v;
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
