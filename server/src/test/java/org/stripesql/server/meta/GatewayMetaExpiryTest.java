package org.stripesql.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.Meta.ConnectionHandle;
import org.apache.calcite.avatica.Meta.StatementHandle;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.jdbc.JdbcMeta.ConnectionCacheSettings;
import org.apache.calcite.avatica.jdbc.JdbcMeta.StatementCacheSettings;
import org.junit.jupiter.api.Test;
import org.stripesql.server.ModelSource;
import org.stripesql.server.security.CurrentUser;

/** When Avatica expires a connection, the gateway forgets it, closes its statements and frees its caps. */
class GatewayMetaExpiryTest {
  @Test
  void anExpiredConnectionIsPrunedWithItsStatements() throws Exception {
    // the schema factory opens no connection to Stripe: nothing listens at this base
    Properties props = ModelSource.stripe("http://127.0.0.1:9", "sk_test_expiry").calciteProperties();
    props.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(), "1");
    props.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), "SECONDS");
    props.setProperty(StatementCacheSettings.EXPIRY_DURATION.key(), "1");
    props.setProperty(StatementCacheSettings.EXPIRY_UNIT.key(), "SECONDS");
    GatewayMeta meta = new GatewayMeta(ModelSource.CALCITE_URL, props);
    ConnectionHandle ch = new ConnectionHandle("c-expiring");
    StatementHandle[] h = new StatementHandle[1];
    CurrentUser.runAs("alice", () -> {
      meta.openConnection(ch, Map.of());
      h[0] = meta.createStatement(ch);
      meta.createStatement(ch);
    });
    assertEquals(1, meta.owners().connectionCount());
    assertEquals(2, meta.owners().statementCount());
    assertEquals(2, meta.limits().statements());
    Thread.sleep(1500);
    meta.prune();
    assertEquals(0, meta.owners().connectionCount());
    assertEquals(0, meta.owners().statementCount());
    assertEquals(0, meta.limits().connections());
    assertEquals(0, meta.limits().statements());
    CurrentUser.runAs("alice", () -> assertThrows(NoSuchStatementException.class, () -> meta.fetch(h[0], 0, 10),
        "a statement of a connection that expired is unknown"));
  }
}
