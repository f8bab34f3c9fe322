package org.stripesql.server.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stripesql.server.ModelSource;

/**
 * The gateway's {@code Meta} answers key, index and function calls from the catalog, in process: no HTTP,
 * and a Stripe API base nobody listens on, so a Stripe request would fail the test.
 */
class GatewayMetaKeysTest {
  private GatewayMeta meta;
  private Meta.ConnectionHandle ch;

  @BeforeEach
  void open() throws Exception {
    meta = new GatewayMeta(ModelSource.CALCITE_URL,
        ModelSource.stripe("http://127.0.0.1:9", "sk_test_keys").calciteProperties());
    ch = new Meta.ConnectionHandle(UUID.randomUUID().toString());
    meta.openConnection(ch, Map.of());
  }

  @AfterEach
  void close() {
    meta.closeConnection(ch);
  }

  private static List<String> names(Meta.MetaResultSet rs) {
    List<String> out = new ArrayList<>();
    for (ColumnMetaData c : rs.signature.columns) {
      out.add(c.label);
    }
    return out;
  }

  @Test
  void primaryKeysOnAStatementTheClientCloses() {
    Meta.MetaResultSet rs = meta.getPrimaryKeys(ch, null, "stripe", "invoice_lines");
    assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), names(rs));
    List<Object[]> rows = MetaRows.rows(rs);
    assertArrayEquals(new Object[] {null, "stripe", "invoice_lines", "id", (short) 2, "invoice_lines_pkey"}, rows.get(0));
    assertArrayEquals(new Object[] {null, "stripe", "invoice_lines", "invoice", (short) 1, "invoice_lines_pkey"},
        rows.get(1));
    assertTrue(rs.ownStatement);
    meta.closeStatement(new Meta.StatementHandle(ch.id, rs.statementId, null));
  }

  @Test
  void foreignKeysInBothDirectionsAndBetweenTwoTables() {
    Meta.MetaResultSet imported = meta.getImportedKeys(ch, null, "stripe", "refunds");
    assertEquals("DEFERRABILITY", names(imported).get(13), "JDBC's spelling, not Avatica's DEFERABILITY");
    assertTrue(MetaRows.rows(imported).stream().anyMatch(r -> "charge".equals(r[7]) && "charges".equals(r[2])));
    Meta.MetaResultSet exported = meta.getExportedKeys(ch, "", "stripe", "charges");
    assertTrue(MetaRows.rows(exported).stream().anyMatch(r -> "refunds".equals(r[6]) && "charge".equals(r[7])));
    Meta.MetaResultSet cross = meta.getCrossReference(ch, null, "stripe", "subscriptions", null, "stripe",
        "subscription_items");
    List<Object[]> rows = MetaRows.rows(cross);
    assertEquals(1, rows.size());
    assertArrayEquals(new Object[] {null, "stripe", "subscriptions", "id", null, "stripe", "subscription_items",
        "subscription", (short) 1, (short) 3, (short) 3, "subscription_items_subscription_fkey", "subscriptions_pkey",
        (short) 7}, rows.get(0));
    assertEquals(List.of(), MetaRows.rows(meta.getImportedKeys(ch, "a_catalog", "stripe", "refunds")));
  }

  @Test
  void aSchemaOfConnectedAccountsHasTheAccountInEveryKey() throws Exception {
    GatewayMeta connected = new GatewayMeta(ModelSource.CALCITE_URL, ModelSource.stripe("http://127.0.0.1:9",
        "sk_test_keys", Map.of("ConnectedAccounts", "acct_1A,acct_1B")).calciteProperties());
    Meta.ConnectionHandle h = new Meta.ConnectionHandle(UUID.randomUUID().toString());
    connected.openConnection(h, Map.of());
    try {
      List<Object[]> pk = MetaRows.rows(connected.getPrimaryKeys(h, null, "stripe", "charges"));
      assertArrayEquals(new Object[] {null, "stripe", "charges", "account", (short) 1, "charges_pkey"}, pk.get(0));
      assertArrayEquals(new Object[] {null, "stripe", "charges", "id", (short) 2, "charges_pkey"}, pk.get(1));
      List<Object[]> fk = MetaRows.rows(connected.getCrossReference(h, null, "stripe", "customers", null, "stripe",
          "charges")).stream().filter(r -> "charges_customer_fkey".equals(r[11])).toList();
      assertEquals(2, fk.size());
      assertArrayEquals(new Object[] {null, "stripe", "customers", "account", null, "stripe", "charges", "account",
          (short) 1, (short) 3, (short) 3, "charges_customer_fkey", "customers_pkey", (short) 7}, fk.get(0));
      assertArrayEquals(new Object[] {null, "stripe", "customers", "id", null, "stripe", "charges", "customer",
          (short) 2, (short) 3, (short) 3, "charges_customer_fkey", "customers_pkey", (short) 7}, fk.get(1));
    } finally {
      connected.closeConnection(h);
    }
  }

  @Test
  void indexInfoIsEmptyWithJdbcsColumns() {
    Meta.MetaResultSet rs = meta.getIndexInfo(ch, null, "stripe", "charges", false, true);
    assertEquals(0, MetaRows.rows(rs).size());
    assertTrue(names(rs).containsAll(List.of("NON_UNIQUE", "INDEX_NAME", "ORDINAL_POSITION", "COLUMN_NAME")));
  }

  @Test
  void functionsWithoutOperatorsAndBuiltInsWithoutASchema() {
    List<Object[]> rows = MetaRows.rows(meta.getFunctions(ch, null, Meta.Pat.of(null), Meta.Pat.of("%")));
    assertTrue(rows.stream().anyMatch(r -> r[1] == null && "UPPER".equals(r[2])));
    assertTrue(rows.stream().anyMatch(r -> "stripe".equals(r[1]) && "GetOAuthAccessToken".equals(r[2])));
    assertTrue(rows.stream().noneMatch(r -> String.valueOf(r[2]).startsWith("$")));
    List<Object[]> builtIns = MetaRows.rows(meta.getFunctions(ch, null, Meta.Pat.of(""), Meta.Pat.of("UPP%")));
    assertEquals(1, builtIns.size());
  }

  @Test
  void aMalformedCallNamesTheCause() {
    AvaticaRuntimeException e = assertThrows(AvaticaRuntimeException.class,
        () -> MetadataCall.parse(MetadataCall.PREFIX + " {\"call\": \"getPrimaryKeys\", \"args\": [null]}"));
    assertEquals("42000", e.getSqlState());
    assertTrue(e.getErrorMessage().contains("getPrimaryKeys takes 3 arguments"), e.getErrorMessage());
    e = assertThrows(AvaticaRuntimeException.class,
        () -> MetadataCall.parse(MetadataCall.PREFIX + " {\"call\": \"getFunctions\", \"args\": [1, 2, 3]}"));
    assertTrue(e.getErrorMessage().contains("strings, booleans or null"), e.getErrorMessage());
    MetadataCall ok = MetadataCall.parse(MetadataCall.PREFIX
        + " {\"call\": \"getIndexInfo\", \"args\": [null, \"stripe\", \"charges\", true, false]}");
    assertEquals(MetadataCall.of(MetadataCall.INDEX_INFO, null, "stripe", "charges", true, false), ok);
  }

  @Test
  void searchPatterns() {
    assertTrue(MetaRows.matches(null, "x"));
    assertTrue(MetaRows.matches("str%", "stripe"));
    assertTrue(MetaRows.matches("str_pe", "stripe"));
    assertTrue(!MetaRows.matches("str\\_pe", "stripe") && MetaRows.matches("a\\_b", "a_b"));
    assertTrue(!MetaRows.matches("", "stripe") && MetaRows.matches("", null));
  }
}
