package org.stripesql.server.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.Meta.ConnectionProperties;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.stripesql.server.sql.ReadOnlyPolicy;

/**
 * The read-only rule ({@link ReadOnlyPolicy}) over Avatica: a statement other than a query is refused
 * with SQLSTATE 25006 before Calcite sees it, and connections report {@code isReadOnly()}.
 */
public final class ReadOnlyGuard {
  /** SQLSTATE of a write refused by the read-only gateway: "read-only SQL transaction". */
  public static final String READ_ONLY_STATE = ReadOnlyPolicy.READ_ONLY_STATE;

  private ReadOnlyGuard() {
  }

  /** Refuses anything but a query: DML, DDL, SET and the like get SQLSTATE 25006. */
  static void check(String sql) {
    Optional<String> refusal = ReadOnlyPolicy.refusal(sql);
    if (refusal.isPresent()) {
      throw new AvaticaRuntimeException(refusal.get(), 0, READ_ONLY_STATE, AvaticaSeverity.ERROR);
    }
  }

  /** Marks a server-side connection read-only, whatever the client asked. */
  static void readOnly(Connection c) throws SQLException {
    c.setReadOnly(true);
  }

  /** The connection properties reported to the client: read-only, whatever it asked. */
  static ConnectionProperties readOnly(ConnectionProperties p) {
    p.setReadOnly(true);
    return p;
  }
}
