package org.stripesql.adapter;

import org.apache.calcite.jdbc.Driver;

/**
 * Calcite's JDBC driver under its own URL prefix ({@value #PREFIX}), preparing statements with the
 * plan cache of {@link CachingPrepare}; otherwise Calcite's driver as it is.
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

  /** Registers the driver (once, when the class loads); returns the URL that opens its connections. */
  static String url() {
    return PREFIX;
  }
}
