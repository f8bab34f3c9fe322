package org.stripesql.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Locale;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.ConnectStringParser;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.Driver;

/**
 * The stripe-sql JDBC driver: Avatica's remote (thin) driver under its own URL prefix
 * ({@code jdbc:stripesql:url=http://HOST:8765}) and name, so Tableau, DBeaver and other tools can tell
 * a stripe-sql gateway from other Avatica servers, with SQLSTATEs {@value #SQLSTATE_UNREACHABLE} and
 * {@value #SQLSTATE_CREDENTIALS} for an unreachable gateway and a refused login (docs/design.md).
 */
public class StripeSqlDriver extends Driver {
  public static final String CONNECT_STRING_PREFIX = "jdbc:stripesql:";
  public static final String DRIVER_NAME = "stripe-sql JDBC driver";
  public static final String PRODUCT_NAME = "stripe-sql";
  public static final String SQLSTATE_UNREACHABLE = "08001";
  public static final String SQLSTATE_CREDENTIALS = "28000";

  static {
    new StripeSqlDriver().register();
  }

  public StripeSqlDriver() {
    super();
  }

  /** Avatica's remote {@code Meta}, with the metadata calls its protocol lacks sent to the gateway. */
  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return new StripeSqlMeta(super.createMeta(connection));
  }

  @Override
  protected String getConnectStringPrefix() {
    return CONNECT_STRING_PREFIX;
  }

  /** Called from the super constructor: uses static state only. */
  @Override
  protected DriverVersion createDriverVersion() {
    String v = version();
    int major = versionPart(v, 0);
    int minor = versionPart(v, 1);
    return new DriverVersion(DRIVER_NAME, v, PRODUCT_NAME, v, false, major, minor, major, minor);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (url == null || !acceptsURL(url)) {
      return null;
    }
    Properties p = new Properties();
    if (info != null) {
      p.putAll(info);
    }
    if (!hasKey(p, "serialization")
        && !hasKey(ConnectStringParser.parse(url.substring(CONNECT_STRING_PREFIX.length())), "serialization")) {
      p.setProperty("serialization", "protobuf");
    }
    try {
      return super.connect(url, p);
    } catch (SQLException | RuntimeException e) {
      throw classify(e, url);
    }
  }

  /** The exception a client sees for a failed connect: 08001 when unreachable, 28000 when refused. */
  static SQLException classify(Exception e, String url) {
    String where = url.substring(Math.min(url.length(), CONNECT_STRING_PREFIX.length()));
    int depth = 0;
    for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
        return new SQLNonTransientConnectionException("Cannot reach the stripe-sql gateway (" + where + "): "
            + t + ". Fix: start it (bin/stripesql serve) or correct the host and port in the URL.",
            SQLSTATE_UNREACHABLE, e);
      }
      String m = String.valueOf(t.getMessage());
      if (m.contains("HTTP/401") || m.contains("HTTP/403")) {
        return new SQLInvalidAuthorizationSpecException("The stripe-sql gateway rejected the credentials ("
            + m + "). Fix: check avatica_user and avatica_password.", SQLSTATE_CREDENTIALS, e);
      }
    }
    if (e instanceof SQLException s) {
      return s;
    }
    return new SQLNonTransientConnectionException("Cannot connect to the stripe-sql gateway (" + where + "): " + e,
        "08006", e);
  }

  private static boolean hasKey(Properties p, String key) {
    for (String name : p.stringPropertyNames()) {
      if (name.toLowerCase(Locale.ROOT).equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** The driver's version, from the build ({@code stripesql-driver.properties}). */
  public static String version() {
    try (InputStream in = StripeSqlDriver.class.getResourceAsStream("stripesql-driver.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "0.0.0";
  }

  static int versionPart(String v, int index) {
    String[] parts = v.split("[.-]");
    try {
      return index < parts.length ? Integer.parseInt(parts[index]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
