package org.stripesql.driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import org.apache.calcite.avatica.remote.Driver;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.ModelSource;
import org.stripesql.server.StripeSqlGateway;

/** An emulator and a gateway on free loopback ports, and the jdbc:stripesql: URL that reaches them. */
final class GatewayFixture implements AutoCloseable {
  static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");
  static final String REVOKED_KEY = "sk_test_revoked_driver_7c1d";

  final StripeEmulator emulator;
  final StripeSqlGateway gateway;
  final String url;

  private GatewayFixture(StripeEmulator emulator, StripeSqlGateway gateway) {
    this.emulator = emulator;
    this.gateway = gateway;
    this.url = StripeSqlDriver.CONNECT_STRING_PREFIX + "url=http://127.0.0.1:" + gateway.port();
  }

  static GatewayFixture start(Driver.Serialization serialization) throws Exception {
    StripeEmulator emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1)
        .anchor(ANCHOR).revokedKey(REVOKED_KEY).build().start();
    StripeSqlGateway gateway = StripeSqlGateway.builder()
        .model(ModelSource.stripe(emulator.baseUrl(), "sk_test_driver_it"))
        .host("127.0.0.1").port(0).serialization(serialization).build().start();
    return new GatewayFixture(emulator, gateway);
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, "", "");
  }

  @Override
  public void close() {
    gateway.close();
    emulator.close();
  }
}
