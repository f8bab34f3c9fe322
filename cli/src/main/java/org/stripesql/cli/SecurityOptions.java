package org.stripesql.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.ModelSource;
import org.stripesql.server.security.UsersFile;
import picocli.CommandLine.Option;

/** {@code serve}'s authentication, per-user account and TLS options (a picocli mixin). */
final class SecurityOptions {
  @Option(names = "--users", paramLabel = "FILE",
      description = "Users file (stripesql passwd USER --file FILE): clients log in with HTTP Basic,"
          + " JDBC URL ...;authentication=BASIC;avatica_user=U;avatica_password=P.")
  Path users;

  @Option(names = "--insecure-no-auth",
      description = "Serve a non-loopback address without authentication, only behind a proxy that"
          + " authenticates every request: logs a warning at start, and is refused when a model configures"
          + " Stripe Connect (OAuthClientId, OAuthClientSecret).")
  boolean insecureNoAuth;

  @Option(names = "--tls-terminated-by-proxy",
      description = "A proxy in front terminates TLS: take logins over plain HTTP on a non-loopback --host (else"
          + " refused: Basic authentication sends passwords with every request).")
  boolean tlsTerminatedByProxy;

  @Option(names = "--user-model", paramLabel = "USER=MODEL", split = ",",
      description = "A user's own model file (their own Stripe key or account); repeatable. Users not named"
          + " use --model.")
  Map<String, Path> userModels = new LinkedHashMap<>();

  @Option(names = "--tls-keystore", paramLabel = "PATH",
      description = "PKCS12 keystore with the server's key and certificate: serve HTTPS only.")
  Path tlsKeystore;

  @Option(names = "--tls-keystore-password-env", paramLabel = "VAR", defaultValue = "STRIPESQL_TLS_KEYSTORE_PASSWORD",
      description = "Environment variable holding the keystore password (default: ${DEFAULT-VALUE}).")
  String tlsPasswordEnv;

  @Option(names = "--tls-protocols", paramLabel = "P", split = ",",
      description = "TLS protocols to allow, e.g. TLSv1.3,TLSv1.2 (default: Jetty's).")
  List<String> tlsProtocols;

  @Option(names = "--tls-cipher-suites", paramLabel = "C", split = ",",
      description = "Cipher suites to allow (default: Jetty's).")
  List<String> tlsCipherSuites;

  @Option(names = "--allowed-hosts", paramLabel = "NAME", split = ",",
      description = "Host names clients may reach the gateway under besides localhost, loopback addresses and"
          + " --host (a proxy's or DNS name); requests naming any other host are refused. * turns the check off.")
  List<String> allowedHosts = new ArrayList<>();

  @Option(names = "--login-max-failures", defaultValue = "10", paramLabel = "N",
      description = "Failed logins from one address, or for one user name, within --login-lockout that lock it"
          + " out: further attempts get HTTP 429 until the lockout has passed (default: ${DEFAULT-VALUE}).")
  int loginMaxFailures;

  @Option(names = "--login-lockout", defaultValue = "15m", paramLabel = "DURATION",
      description = "How long failed logins count, and how long a lockout lasts (default: ${DEFAULT-VALUE}).")
  String loginLockout;

  /** The settings; {@code env} gives the keystore password. Throws IllegalArgumentException when invalid. */
  GatewaySecurity build(Map<String, String> env) {
    return build(env, false);
  }

  /** As {@link #build(Map)}; {@code demo}: synthetic data only, so no authentication is needed anywhere. */
  GatewaySecurity build(Map<String, String> env, boolean demo) {
    GatewaySecurity.Builder b = GatewaySecurity.builder().users(users).insecureNoAuth(insecureNoAuth).demo(demo)
        .tlsTerminatedByProxy(tlsTerminatedByProxy)
        .allowedHosts(allowedHosts)
        .loginThrottle(loginMaxFailures, ServeCommand.duration("--login-lockout", loginLockout));
    userModels.forEach((u, m) -> {
      if (!UsersFile.USER_NAME.matcher(u).matches()) {
        throw new IllegalArgumentException("--user-model: invalid user name '" + u + "'");
      }
      if (!Files.isRegularFile(m)) {
        throw new IllegalArgumentException("--user-model " + u + ": no model file " + m.toAbsolutePath());
      }
      b.userModel(u, ModelSource.file(m));
    });
    if (tlsKeystore != null) {
      String pw = env.get(tlsPasswordEnv);
      if (pw == null) {
        throw new IllegalArgumentException("--tls-keystore needs its password in the environment variable "
            + tlsPasswordEnv + " (--tls-keystore-password-env), which is not set");
      }
      try (InputStream in = Files.newInputStream(tlsKeystore)) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(in, pw.toCharArray());
        if (!ks.aliases().hasMoreElements()) {
          throw new IllegalArgumentException("--tls-keystore " + tlsKeystore + " holds no key");
        }
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("--tls-keystore " + tlsKeystore + ": cannot open it as PKCS12 with"
            + " the password from " + tlsPasswordEnv + " (" + e.getMessage() + ")", e);
      }
      b.tls(tlsKeystore, pw, tlsProtocols, tlsCipherSuites);
    } else if (tlsProtocols != null || tlsCipherSuites != null) {
      throw new IllegalArgumentException("--tls-protocols and --tls-cipher-suites need --tls-keystore");
    }
    if (users != null) {
      try {
        UsersFile.read(users);
      } catch (IOException e) {
        throw new IllegalArgumentException("--users " + users + ": " + e.getMessage(), e);
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "users=" + users + " userModels=" + userModels.keySet() + " tls=" + (tlsKeystore != null)
        + " protocols=" + (tlsProtocols == null ? null : Arrays.toString(tlsProtocols.toArray()));
  }
}
