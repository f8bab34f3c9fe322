package org.stripesql.adapter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.FieldMoves;
import org.stripesql.catalog.Skipped;

/**
 * Says, once per schema and catalog in a process, what a schema's catalog is: where it comes from, its API
 * version and tables, what of the description it skipped and why, the {@code Stripe-Version} its requests
 * send, and a warning when that version is not the catalog's ({@link FieldMoves}). The gateway opens a
 * connection at start, so {@code serve} reports it before the first client.
 */
final class CatalogReport {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogReport.class);
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private CatalogReport() {}

  /**
   * @param schema        the schema's name
   * @param source        {@code built-in} or the spec file
   * @param catalog       the catalog as derived (before any re-pointing for another version)
   * @param stripeVersion the version the requests send
   * @param drift         the catalog for that version, with its warning
   */
  static void once(String schema, String source, Catalog catalog, String stripeVersion, FieldMoves.Drift drift) {
    if (!REPORTED.add(schema + "\n" + source + "\n" + catalog.apiVersion() + "\n" + stripeVersion)) {
      return;
    }
    LOG.info("schema {}: {} catalog, {}; requests send Stripe-Version {}", schema, source, catalog.summary(),
        stripeVersion == null ? "none (the account's default)" : stripeVersion);
    for (Skipped s : catalog.skipped()) {
      LOG.info("schema {}: not a table or not pushed: {}", schema, s);
    }
    if (drift.warning() != null) {
      LOG.warn("schema {}: {}", schema, drift.warning());
    }
  }

  /** Forgets what was reported (tests). */
  static void forget() {
    REPORTED.clear();
  }
}
