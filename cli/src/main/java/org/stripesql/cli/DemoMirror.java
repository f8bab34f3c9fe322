package org.stripesql.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The demo's mirror: the core tables in a DuckDB file under a temporary directory, polled every 5 seconds. */
final class DemoMirror {
  static final String TABLES = "customers,charges,refunds,charge_refunds,invoices,invoice_lines,subscriptions,"
      + "subscription_items,products,prices,disputes,payouts,balance_transactions";

  private DemoMirror() {}

  static Map<String, String> operands() {
    try {
      Path dir = Files.createTempDirectory("stripesql-demo-mirror");
      dir.toFile().deleteOnExit();
      return Map.of("Mirror", TABLES, "MirrorStore", dir.toString(), "MirrorRefreshSeconds", "5");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo mirror's directory", e);
    }
  }
}
