package org.stripesql.adapter.client;

/**
 * An exception that knows the SQLSTATE a JDBC client should see for it; the gateway looks for one in
 * the cause chain of a failed statement and sends its SQLSTATE to the client.
 */
public interface SqlStateProvider {
  /** Five characters, e.g. {@code 28000}, {@code 08006}, {@code HY000}. */
  String sqlState();
}
