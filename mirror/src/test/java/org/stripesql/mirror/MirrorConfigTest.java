package org.stripesql.mirror;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.EventTypes;

/** Unknown or unmirrorable tables and unusable stores are clear errors when the schema is made. */
class MirrorConfigTest {
  private static MirrorFixture f;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    f = new MirrorFixture(1);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void unknownTablesAreNamed() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> f.mirrored("customers,unicorns", dir).close());
    assertTrue(message(e).contains("operand Mirror names unknown tables [unicorns]"), message(e));
  }

  @Test
  void unmirrorableTablesSayWhy() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> f.mirrored("events", dir).close());
    assertTrue(message(e).contains("table events cannot be mirrored: it is the mirror's own feed"), message(e));
  }

  @Test
  void onlyPostgresqlUrls() {
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> f.mirrored("customers", "jdbc:mysql://db/x?password=secret", Map.of()).close());
    assertTrue(message(e).contains("operand MirrorStore must be a directory or a jdbc:postgresql://"), message(e));
    assertTrue(!message(e).contains("secret"), "no password in the message");
  }

  @Test
  void allMeansEveryMirrorableTable() {
    StripeAdapter.closeMirrors();
    List<String> all = TableSelection.of(List.of("all"), Catalog.bundled(), EventTypes.bundled());
    assertTrue(all.contains("balance_transactions") && all.contains("invoice_lines"), all.toString());
    assertTrue(!all.contains("events") && !all.contains("upcoming_invoice_lines"), all.toString());
  }

  private static String message(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append(" | ");
    }
    return b.toString();
  }
}
