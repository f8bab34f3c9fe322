package org.stripesql.pgwire.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.catalog.Settings;

/**
 * The mirror's freshness settings as PostgreSQL settings ({@code SET stripesql.mirror_max_lag_seconds = 300},
 * {@code SET stripesql.mirror_when_stale = 'error'}, a startup parameter or {@code options=-c ...}): applied
 * to the session's Calcite connection, and shown as the adapter holds them.
 */
final class MirrorSettingValues {
  /** Their names as PostgreSQL settings (custom settings carry a prefix and a dot). */
  static final List<String> NAMES = List.of("stripesql.mirror_max_lag_seconds", "stripesql.mirror_when_stale");

  private MirrorSettingValues() {}

  /** Records the values a new session starts with, for SHOW (none when the connection has no Stripe schema). */
  static void show(Connection connection, Settings settings) throws SQLException {
    for (String n : NAMES) {
      String v = StripeAdapter.mirrorSetting(connection, n);
      if (v != null) {
        settings.set(n, v);
      }
    }
  }

  /**
   * Applies {@code name} when it is one of the mirror's settings (null value: back to the schema's); returns
   * the value to record for {@code SHOW}: the one now in force, or {@code value} for any other setting.
   */
  static String apply(Connection connection, String name, String value) throws SQLException {
    if (!StripeAdapter.isMirrorSetting(name)) {
      return value;
    }
    try {
      StripeAdapter.setMirrorSetting(connection, name, value);
    } catch (IllegalArgumentException e) {
      throw new PgSqlException("22023", "invalid value for parameter \"" + name + "\": " + e.getMessage());
    }
    String now = StripeAdapter.mirrorSetting(connection, name);
    return now != null ? now : value;
  }
}
