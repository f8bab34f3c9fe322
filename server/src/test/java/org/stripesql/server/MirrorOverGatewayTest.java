package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.remote.Driver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.emulator.StripeEmulator;

/**
 * A statement prepared through the gateway while a mirrored copy was fresh, and run after the copy went stale
 * for its connection, is prepared again by the gateway (as the PostgreSQL endpoint does): the client gets the
 * answer of a statement planned now, read from Stripe, never "prepare the statement again". The gateway's key
 * may read customers but not the events; another key of the account loads the mirror, then is revoked.
 */
class MirrorOverGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String LOADER = "sk_test_mirror_loader_0001";
  private static final String READER = "rk_test_mirror_reader_0002";
  private static final Map<String, String> MIRROR = Map.of("Mirror", "customers", "MirrorRefreshSeconds", "0.2",
      "RetryBaseMillis", "1");

  @TempDir
  Path dir;
  private StripeEmulator emulator;
  private StripeSqlGateway gateway;
  private final Object published = new Object();
  private long events;
  private AutoCloseable listener;

  @BeforeEach
  void start() throws Exception {
    emulator = StripeEmulator.builder().restrictedKey(READER, "rak_customer_read", "rak_account_read").build()
        .start();
    listener = StripeAdapter.listenMirrors(s -> {
      synchronized (published) {
        events++;
        published.notifyAll();
      }
    });
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), READER, operands()))
        .host("127.0.0.1").port(0).serialization(Driver.Serialization.PROTOBUF).build().start();
  }

  private Map<String, String> operands() {
    Map<String, String> m = new HashMap<>(MIRROR);
    m.put("MirrorStore", dir.toString());
    return m;
  }

  /** An in-process connection of the key that loads the mirror. */
  private Connection loader() throws SQLException {
    Properties p = new Properties();
    p.setProperty("model", "inline:" + StripeAdapter.oneSchemaModel(emulator.baseUrl(), LOADER, operands()));
    return DriverManager.getConnection(StripeAdapter.CALCITE_URL, p);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    listener.close();
    StripeAdapter.closeMirrors();
    emulator.close();
  }

  @Test
  void aPreparedStatementWhoseCopyWentStaleIsPreparedAgainAndReadsStripe() throws Exception {
    Properties p = new Properties();
    p.setProperty("MirrorMaxLagSeconds", "0.5");
    try (Connection load = loader();
        Connection c = DriverManager.getConnection(gateway.jdbcUrl("127.0.0.1"), p);
        Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM customers WHERE name <> ?")) {
      await(s, "mirror");
      ps.setString(1, "nobody");
      long customers = emulator.data().list("customers").size();
      assertEquals(customers, count(ps), "from the store");
      emulator.revokeKey(LOADER);   // the polls fail: the copy ages past the connection's half second
      await(s, "live");
      int before = emulator.requestLog().size();
      assertEquals(customers, count(ps), "prepared again, from Stripe");
      assertTrue(emulator.requestLog().requests().subList(before, emulator.requestLog().size()).stream()
          .anyMatch(r -> r.path().equals("/v1/customers")), "read from Stripe");
    }
  }

  private static long count(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  /** Waits, on the mirror's status events, until this connection reads customers from {@code where}. */
  private void await(Statement s, String where) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long seen;
      synchronized (published) {
        seen = events;
      }
      try (ResultSet rs = s.executeQuery("SELECT read_from FROM mirror_status")) {
        if (rs.next() && where.equals(rs.getString(1))) {
          return;
        }
      }
      synchronized (published) {
        while (events == seen) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("customers never read from " + where);
          }
          published.wait(Math.max(1, left / 1_000_000));
        }
      }
    }
  }

}
