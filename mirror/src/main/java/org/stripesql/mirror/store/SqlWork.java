package org.stripesql.mirror.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on one connection, inside a transaction when it writes. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection c) throws SQLException;
}
