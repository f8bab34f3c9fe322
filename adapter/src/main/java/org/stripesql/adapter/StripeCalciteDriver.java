package org.stripesql.adapter;

import java.sql.SQLException;
import java.util.Map;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;

/**
 * Calcite's JDBC driver under its own URL prefix ({@value #PREFIX}), preparing statements with the
 * plan cache of {@link CachingPrepare}, and taking the mirror's freshness settings
 * ({@code MirrorMaxLagSeconds}, {@code MirrorWhenStale}) from the connection properties; otherwise
 * Calcite's driver as it is.
 */
public final class StripeCalciteDriver extends Driver {
  public static final String PREFIX = "jdbc:stripesql-calcite:";

  static {
    new StripeCalciteDriver().register();
  }

  public StripeCalciteDriver() {
    super(CachingPrepare::new);
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  /** Calcite's handler (it reads the model), then the connection's mirror settings into its Stripe schemas. */
  @Override
  protected Handler createHandler() {
    Handler calcite = super.createHandler();
    return new Handler() {
      @Override
      public void onConnectionInit(AvaticaConnection connection) throws SQLException {
        calcite.onConnectionInit(connection);
        for (Map.Entry<Object, Object> p : connection.unwrap(CalciteConnection.class).getProperties().entrySet()) {
          String name = String.valueOf(p.getKey());
          if (StripeAdapter.isMirrorSetting(name)) {
            try {
              StripeAdapter.setMirrorSetting(connection, name, String.valueOf(p.getValue()));
            } catch (IllegalArgumentException e) {
              throw new SQLException("connection property " + e.getMessage(), "22023", e);
            }
          }
        }
      }

      @Override
      public void onConnectionClose(AvaticaConnection connection) {
        calcite.onConnectionClose(connection);
      }

      @Override
      public void onStatementExecute(AvaticaStatement statement, ResultSink resultSink) {
        calcite.onStatementExecute(statement, resultSink);
      }

      @Override
      public void onStatementClose(AvaticaStatement statement) {
        calcite.onStatementClose(statement);
      }
    };
  }

  /** Registers the driver (once, when the class loads); returns the URL that opens its connections. */
  static String url() {
    return PREFIX;
  }
}
