package org.stripesql.pgwire;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.GatewaySecurity;
import org.stripesql.server.ModelSource;

/**
 * The emulator and a PostgreSQL endpoint over it, on free loopback ports, for a test class: the same
 * seeded data every time (seed 42, scale 1), no login unless the test gives a users file.
 */
final class PgFixture implements AutoCloseable {
  static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");
  static final String KEY = "sk_test_pgwire_it";

  final StripeEmulator emulator;
  final PgServer server;

  private PgFixture(StripeEmulator emulator, PgServer server) {
    this.emulator = emulator;
    this.server = server;
  }

  static PgFixture start() throws Exception {
    return start(GatewaySecurity.builder().build(), PgAuth.SCRAM_SHA_256);
  }

  static PgFixture start(GatewaySecurity security, PgAuth auth) throws Exception {
    return start(security, auth, Map.of());
  }

  /** A fixture whose model has these operands besides the defaults of {@link #model(StripeEmulator, Map)}. */
  static PgFixture start(Map<String, String> operands) throws Exception {
    return start(GatewaySecurity.builder().build(), PgAuth.SCRAM_SHA_256, operands);
  }

  /**
   * A fixture whose emulator is a Connect platform with {@code connectedAccounts} connected accounts, and whose
   * model has the operands {@code operands} gives for the accounts' ids.
   */
  static PgFixture startPlatform(int connectedAccounts, Function<List<String>, Map<String, String>> operands)
      throws Exception {
    return start(GatewaySecurity.builder().build(), PgAuth.SCRAM_SHA_256, b -> b.connectedAccounts(connectedAccounts),
        e -> operands.apply(e.connectedAccounts()));
  }

  private static PgFixture start(GatewaySecurity security, PgAuth auth, Map<String, String> operands)
      throws Exception {
    return start(security, auth, b -> b, e -> operands);
  }

  private static PgFixture start(GatewaySecurity security, PgAuth auth,
      UnaryOperator<StripeEmulator.Builder> emulatorSettings, Function<StripeEmulator, Map<String, String>> operands)
      throws Exception {
    StripeEmulator emulator = emulatorSettings.apply(StripeEmulator.builder().host("127.0.0.1").port(0).seed(42)
        .scale(1).anchor(ANCHOR)).build().start();
    try {
      PgServer server = PgServer.builder().model(model(emulator, operands.apply(emulator))).security(security)
          .auth(auth).host("127.0.0.1").port(0).build().start();
      return new PgFixture(emulator, server);
    } catch (Exception e) {
      emulator.close();
      throw e;
    }
  }

  /** The model: the emulator's data, with the rate limiters (the account's, each endpoint's) out of the way. */
  static ModelSource model(StripeEmulator emulator) {
    return model(emulator, Map.of());
  }

  static ModelSource model(StripeEmulator emulator, Map<String, String> operands) {
    Map<String, String> all = new TreeMap<>(Map.of("RateLimit", "100000", "EndpointRateLimit", "100000"));
    all.putAll(operands);
    return ModelSource.stripe(emulator.baseUrl(), KEY, all);
  }

  int port() {
    return server.port();
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/stripe";
  }

  Connection connect() throws SQLException {
    return connect(new Properties());
  }

  Connection connect(Properties extra) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", "");
    p.putAll(extra);
    return DriverManager.getConnection(jdbcUrl(), p);
  }

  RawPgClient raw() throws Exception {
    return new RawPgClient("127.0.0.1", port(), Map.of("user", "alice", "database", "stripe"));
  }

  /** The OID the endpoint gives a table of the stripe schema. */
  int oid(String table) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " where n.nspname = 'stripe' and c.relname = '" + table + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public void close() {
    server.close();
    emulator.close();
  }
}
