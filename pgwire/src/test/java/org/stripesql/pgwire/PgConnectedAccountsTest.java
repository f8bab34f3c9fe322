package org.stripesql.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A schema of connected accounts over the PostgreSQL port: pgJDBC's own catalog queries see the account in
 * every key, {@code charges(account, customer)} referencing {@code customers(account, id)}.
 */
class PgConnectedAccountsTest {
  @Test
  void pgJdbcSeesTheAccountInEveryKey() throws Exception {
    try (PgFixture pg = PgFixture.start(Map.of("ConnectedAccounts", "acct_1Aaaa,acct_1Bbbb"));
        Connection c = pg.connect()) {
      DatabaseMetaData md = c.getMetaData();
      List<String> pk = new ArrayList<>();
      try (ResultSet rs = md.getPrimaryKeys(null, "stripe", "charges")) {
        while (rs.next()) {
          pk.add(rs.getShort("KEY_SEQ") + ":" + rs.getString("COLUMN_NAME"));
        }
      }
      assertEquals(List.of("1:account", "2:id"), pk);
      List<String> fk = new ArrayList<>();
      try (ResultSet rs = md.getImportedKeys(null, "stripe", "charges")) {
        while (rs.next()) {
          if (rs.getString("FK_NAME").equals("charges_customer_fkey")) {
            fk.add(rs.getShort("KEY_SEQ") + ":" + rs.getString("FKCOLUMN_NAME") + "->" + rs.getString("PKTABLE_NAME")
                + "." + rs.getString("PKCOLUMN_NAME"));
          }
        }
      }
      assertEquals(List.of("1:account->customers.account", "2:customer->customers.id"), fk);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_get_constraintdef(oid) FROM"
          + " pg_constraint WHERE conname = 'charges_customer_fkey'")) {
        rs.next();
        assertEquals("FOREIGN KEY (account, customer) REFERENCES customers(account, id)", rs.getString(1));
      }
    }
  }
}
